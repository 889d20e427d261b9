package dev.shepherd.release.story;

import dev.shepherd.release.FailureType;
import dev.shepherd.release.status.PauseStatus;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.spec.Durations;
import dev.shepherd.spec.OnFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs the release's steps (pre-flight, build, a gate, a wave's deploy, a bake, the flag) one at a time,
 * each in its own cancellation scope so that a tripped {@link RegionGuard} can stop just that step. A step
 * that fails halts the release, or with {@code policy.onFailure: pause} waits for an operator: retry runs
 * the step again; rollback, abort or the pause timeout end the release.
 */
public final class StepRunner {

  public enum PauseAnswer { RETRY, ROLLBACK }

  private final ReleaseState state;
  private final RegionGuard guard;
  private CancellationScope current;

  StepRunner(ReleaseState state, RegionGuard guard) {
    this.state = state;
    this.guard = guard;
  }

  <T> T run(String name, FailureType otherwise, Supplier<T> body) {
    return run(name, otherwise, null, body);
  }

  /**
   * Runs a step whose canary analysis has its own failure policy: {@code onAnalysisFail} decides what a FAIL
   * verdict does (null: {@code policy.onFailure}). An analysis still INCONCLUSIVE after its extensions always
   * pauses for a person.
   */
  <T> T run(String name, FailureType otherwise, OnFailure onAnalysisFail, Supplier<T> body) {
    while (true) {
      Halt halt = stoppedBy(name, guard.takeTrip());
      if (halt == null) {
        List<T> result = new ArrayList<>(1);
        CancellationScope scope = Workflow.newCancellationScope(() -> result.add(body.get()));
        current = scope;
        try {
          scope.run();
          return result.get(0);
        } catch (TemporalFailure e) {
          if (state.abortedBy() != null || state.forcedHalt() != null) {
            throw e;
          }
          halt = stoppedBy(name, guard.takeTrip());
          if (halt == null) {
            if (Halt.isCancellation(e)) {
              throw e;
            }
            halt = Halt.from(name, e, otherwise);
          }
        } finally {
          current = null;
        }
      }
      if (onFailure(halt, onAnalysisFail) != OnFailure.PAUSE) {
        throw halt;
      }
      pauseAfter(name, halt);
      guard.rearm();
    }
  }

  private OnFailure onFailure(Halt halt, OnFailure onAnalysisFail) {
    if (halt.type == FailureType.ANALYSIS_INCONCLUSIVE) {
      return OnFailure.PAUSE;
    }
    if (halt.type == FailureType.ANALYSIS_FAILED && onAnalysisFail != null) {
      return onAnalysisFail;
    }
    return state.spec.policy().onFailure();
  }

  private static Halt stoppedBy(String step, Halt trip) {
    return trip == null ? null : new Halt(trip.type, step + " stopped: " + trip.getMessage(), trip.getCause());
  }

  /** Stops the step that is running now (the guard tripped); it fails with the guard's reason. */
  private void interrupt(String why) {
    if (current != null) {
      current.cancel(why);
    }
  }

  /**
   * The guard tripped: the running step stops with the guard's reason; while paused, the release says so and
   * stays paused (the operator's answer decides).
   */
  void guardTripped() {
    Halt trip = state.guardTrip;
    if (state.phase() == ReleasePhase.PAUSED) {
      state.record(ReleaseState.SYSTEM, "ALARM_WHILE_PAUSED", trip.getMessage());
      state.paused(new PauseStatus(state.pause().step(), state.pause().reason() + "; then " + trip.getMessage(),
          state.pause().rollbackAt()));
      state.touch();
      return;
    }
    interrupt(trip.getMessage());
  }

  private void pauseAfter(String step, Halt halt) {
    ReleasePhase before = state.phase();
    String activityBefore = state.activity();
    Duration timeout = state.spec.policy().pauseTimeout();
    state.paused(new PauseStatus(step, halt.getMessage(), ReleaseState.now().plus(timeout)));
    state.pauseOpened();
    state.record(ReleaseState.SYSTEM, "PAUSED", halt.getMessage());
    state.enter(ReleasePhase.PAUSED, "paused: " + halt.getMessage() + ". Retry or roll back before "
        + state.pause().rollbackAt() + " (then it rolls back)");
    state.notifier.notify(dev.shepherd.cloud.NotificationKind.PAUSED, null, "paused at " + step,
        "Paused: " + halt.getMessage() + ". Retry or roll back before " + state.pause().rollbackAt()
            + "; then it rolls back by itself.");
    boolean answered = Waits.until(timeout, "Pause timeout: roll back unless retried", () -> state.pauseAnswer() != null);
    state.paused(null);
    if (!answered) {
      state.record(ReleaseState.SYSTEM, "PAUSE_TIMED_OUT", "nobody retried or rolled back within "
          + Durations.format(timeout));
      throw new Halt(FailureType.PAUSE_TIMEOUT, halt.getMessage() + "; paused and nobody answered within "
          + Durations.format(timeout), halt.getCause());
    }
    if (state.pauseAnswer() == PauseAnswer.ROLLBACK) {
      throw new Halt(FailureType.OPERATOR_ROLLBACK, halt.getMessage() + "; an operator chose to roll back",
          halt.getCause());
    }
    state.enter(before, "retrying " + step + " (" + activityBefore + ")");
  }
}
