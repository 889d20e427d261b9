package dev.shepherd.release.story;

import dev.shepherd.release.FailureType;
import dev.shepherd.release.ReleaseRequest;
import dev.shepherd.release.ReleaseResult;
import dev.shepherd.release.ReleaseWorkflow;
import dev.shepherd.release.lock.ApplicationLock;
import dev.shepherd.release.lock.LockDecision;
import dev.shepherd.release.operator.ActionResult;
import dev.shepherd.release.operator.GateDecision;
import dev.shepherd.release.operator.Identity;
import dev.shepherd.release.operator.OperatorAction;
import dev.shepherd.release.operator.OperatorMessages;
import dev.shepherd.release.status.GateStatus;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.cloud.NotificationKind;
import dev.shepherd.cloud.PreflightRequest;
import dev.shepherd.spec.Region;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.DynamicSignalHandler;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * The release: see {@link ReleaseWorkflow}. {@link #run} tells the story and nothing else: the state is in
 * {@link ReleaseState}, what operators send in {@link OperatorMessages}, build and test in {@link
 * BuildAndTest}, the waves in {@link WaveRollout}, the flag in {@link FlagRelease}, steps and pauses in
 * {@link StepRunner}, the continuous alarm watch in {@link RegionGuard}, the undos in {@link
 * dev.shepherd.release.rollback.RollbackPlan}, the changes running releases must not see in {@link Changes}.
 */
public class ReleaseWorkflowImpl implements ReleaseWorkflow {

  private static final Logger log = Workflow.getLogger(ReleaseWorkflowImpl.class);

  private final ReleaseState state;
  private final RegionGuard guard;
  private final StepRunner steps;
  private final ApplicationLock lock;
  private final Identity identity;
  private final OperatorMessages operators;

  @WorkflowInit
  public ReleaseWorkflowImpl(ReleaseRequest request) {
    this.state = new ReleaseState(request);
    this.guard = state.spec == null ? null : new RegionGuard(state, this::guardTripped);
    this.steps = new StepRunner(state, guard);
    this.lock = new ApplicationLock(state);
    this.identity = new Identity(state);
    this.operators = new OperatorMessages(state, identity);
    Workflow.registerListener((DynamicSignalHandler) operators::signal);
  }

  @Override
  public ReleaseResult run(ReleaseRequest ignored) {
    boolean verifiesIdentity = state.changes.verifiedIdentity();
    state.changes.askObserves();
    state.notifier.start();
    if (verifiesIdentity) {
      operators.startVerifyingSignals();
    }
    List<String> problems = RequestRules.problems(state);
    if (!problems.isEmpty()) {
      state.failedBeforeItBegan("invalid release: " + String.join("; ", problems));
      throw FailureType.INVALID_SPEC.outcome(phaseLine(), state.status());
    }
    log.info("release {} {} started by {}", state.spec.application(), state.request.version(), state.request.initiator());
    ReleaseMetrics.started(state);
    state.publishSearchAttributes();
    String refused = identity.admit();
    if (refused != null) {
      state.failedBeforeItBegan("not admitted: " + refused);
      state.record(ReleaseState.SYSTEM, "NOT_ADMITTED", refused);
      ReleaseMetrics.ended(state, FailureType.FORBIDDEN, ReleaseState.now());
      operators.closeSignals();
      throw FailureType.FORBIDDEN.outcome(phaseLine(), state.status());
    }

    Halt halt = goForward();
    guard.stop();
    if (halt == null) {
      state.enter(ReleasePhase.RELEASED, "released: every region serves " + state.request.version()
          + (state.flag != null ? " and the flag is on" : ""));
      log.info("release {} released", state.releaseId);
      ReleaseMetrics.released(state);
      state.notifier.notify(NotificationKind.RELEASED, null, "released", "Released: every region ("
          + state.spec.allRegions().stream().map(Region::code).collect(Collectors.joining(", "))
          + ") serves " + state.request.version() + (state.flag != null ? " and the flag is on" : "") + ".");
      end();
      return new ReleaseResult(state.status());
    }
    Instant stoppedAt = ReleaseState.now();
    state.stoppedBy(halt.getMessage());
    log.warn("release {} failed: {}", state.releaseId, state.failure());
    state.closeOutWaiting();
    Workflow.newDetachedCancellationScope(() -> rollBack(halt.type)).run();
    ReleaseMetrics.ended(state, halt.type, stoppedAt);
    ApplicationFailure ending = ending(halt);
    Workflow.newDetachedCancellationScope(this::end).run();
    throw ending;
  }

  /** Lets the application's lock go, once every update has had its answer. */
  private void end() {
    state.notifier.flush();
    lock.release();
    operators.closeSignals();
    Workflow.await(operators::allAnswered);
  }

  /** Pre-flight, build, test, every wave, the flag. Returns why it stopped, or null when it got through. */
  private Halt goForward() {
    state.forward = Workflow.newCancellationScope(() -> {
      lock.acquire();
      state.enter(ReleasePhase.PREFLIGHT, "checking that everything the spec names exists");
      steps.run("pre-flight check", FailureType.PREFLIGHT_FAILED, () -> ActivityStubs.preflight("Pre-flight: check every resource of "
          + state.spec.application() + " exists in " + state.spec.allRegions().size() + " regions")
          .preflight(new PreflightRequest(state.spec, state.policy())));

      new BuildAndTest(state, steps).run();
      WaveRollout rollout = new WaveRollout(state, steps, guard);
      for (WaveTracker wave : state.waves) {
        rollout.run(wave);
      }
      if (state.flag != null) {
        new FlagRelease(state, steps).run();
      }
    });
    if (state.abortedBy() != null || state.forcedHalt() != null) {
      // Stopped in the very first workflow task, before the release began: begin nothing.
      state.forward.cancel("stopped before it began");
    }
    Halt halt = null;
    try {
      state.forward.run();
    } catch (Halt h) {
      halt = h;
    } catch (TemporalFailure e) {
      halt = Halt.from("release", e, FailureType.DEPLOY_FAILED);
    }
    if (state.forcedHalt() != null) {
      return state.forcedHalt();
    }
    if (state.abortedBy() != null) {
      return new Halt(FailureType.ABORTED, "aborted by " + state.abortedBy().actor() + ": " + state.abortedBy().reason(), null);
    }
    return halt;
  }

  /**
   * Runs the rollback plan, newest first, until nothing is left to undo. An undo that fails permanently
   * leaves the release open in ROLLBACK_FAILED until an operator has it retried or abandons it.
   */
  private void rollBack(FailureType cause) {
    if (!state.plan.anythingArmed()) {
      state.enter(ReleasePhase.FAILED, "failed before anything was changed: " + state.failure());
      return;
    }
    state.record(ReleaseState.SYSTEM, "ROLLBACK_STARTED", state.failure());
    state.notifier.notify(NotificationKind.ROLLBACK_STARTED, null, "rolling back", "Rolling back: "
        + state.failure() + ".");
    while (true) {
      state.enter(ReleasePhase.ROLLING_BACK, "rolling back: " + state.failure());
      List<String> left = state.plan.run();
      if (left.isEmpty()) {
        List<String> drifted = state.plan.drifted();
        state.record(ReleaseState.SYSTEM, "ROLLED_BACK", drifted.isEmpty() ? "every change undone"
            : "every change undone except what someone else changed since (DRIFTED, left alone): "
                + String.join("; ", drifted));
        state.enter(ReleasePhase.ROLLED_BACK, "rolled back: " + state.failure());
        state.notifier.notify(NotificationKind.ROLLED_BACK, null, "rolled back", "Rolled back: every region is on"
            + " its previous version" + (drifted.isEmpty() ? "" : ", except what someone else changed since: "
                + String.join("; ", drifted)) + ". It had failed: " + state.failure() + ".");
        return;
      }
      state.record(ReleaseState.SYSTEM, "ROLLBACK_FAILED", String.join("; ", left));
      state.notifier.notify(NotificationKind.ROLLBACK_FAILED, null, "ROLLBACK FAILED, a person must act now",
          "The rollback did not complete. Left: " + String.join("; ", left) + ". It had failed: " + state.failure()
              + ". Fix the cause, then run rollback to retry what is left, or abandon the release.");
      ReleaseMetrics.rollbackFailed(state, cause);
      state.enter(ReleasePhase.ROLLBACK_FAILED, "ROLLBACK FAILED, a person must act: " + String.join("; ", left)
          + ". Fix the cause, then run rollback to retry what is left, or abandon the release");
      if (!state.awaitRollbackAgainOrAbandon()) {
        state.enter(ReleasePhase.ABANDONED, "abandoned by " + state.abandonedBy().actor() + ": " + state.abandonedBy().reason()
            + ". Left undone: " + String.join("; ", state.plan.leftovers()));
        return;
      }
    }
  }

  /**
   * How the workflow ends after a halt: its failure type, a message that reads like the status's phase line
   * (the Web UI shows it as the release's result), and the final status as its details.
   */
  private ApplicationFailure ending(Halt halt) {
    StringBuilder message = new StringBuilder(phaseLine());
    if (state.phase() == ReleasePhase.ABANDONED) {
      // Its phase line says who closed it and what is left; why it failed is the status's next line.
      message.append(". It had failed: ").append(state.failure());
    } else if (state.phase() == ReleasePhase.ROLLED_BACK && !state.plan.drifted().isEmpty()) {
      message.append(" (left alone because someone changed them after this release: ")
          .append(String.join("; ", state.plan.drifted())).append(')');
    }
    FailureType type = state.phase() == ReleasePhase.ABANDONED ? FailureType.ABANDONED : halt.type;
    return type.outcome(message.toString(), state.status());
  }

  /** E.g. {@code ROLLED_BACK - rolled back: gate rest rejected by alice: not today}, as status prints it. */
  private String phaseLine() {
    return state.phase() + " - " + state.activity();
  }

  /** The guard saw an alarm (or went blind): the step that runs stops (see {@link StepRunner#guardTripped}). */
  private void guardTripped() {
    steps.guardTripped();
  }

  @Override
  public ReleaseStatus status() {
    return state.status();
  }

  @Override
  public LockDecision lockDecision() {
    Workflow.await(() -> state.lock() != null || state.phase().isFinal());
    if (state.lock() == null) {
      throw ApplicationFailure.newFailure("the release ended before it went for its application's lock: "
          + state.failure(), FailureType.INVALID_SPEC.name());
    }
    return state.lock();
  }

  // Operators' messages: see OperatorMessages.

  @Override
  public void validateApprove(GateDecision d) {
    operators.validate(operators.decision(d, true));
  }

  @Override
  public GateStatus approve(GateDecision d) {
    return operators.handle(operators.decision(d, true));
  }

  @Override
  public void validateReject(GateDecision d) {
    operators.validate(operators.decision(d, false));
  }

  @Override
  public GateStatus reject(GateDecision d) {
    return operators.handle(operators.decision(d, false));
  }

  @Override
  public void validateAbort(OperatorAction a) {
    operators.validate(operators.abort(a));
  }

  @Override
  public ActionResult abort(OperatorAction a) {
    return operators.handle(operators.abort(a));
  }

  @Override
  public void validateRetry(OperatorAction a) {
    operators.validate(operators.retry(a));
  }

  @Override
  public ActionResult retry(OperatorAction a) {
    return operators.handle(operators.retry(a));
  }

  @Override
  public void validateRollback(OperatorAction a) {
    operators.validate(operators.rollback(a));
  }

  @Override
  public ActionResult rollback(OperatorAction a) {
    return operators.handle(operators.rollback(a));
  }

  @Override
  public void validateAbandon(OperatorAction a) {
    operators.validate(operators.abandon(a));
  }

  @Override
  public ActionResult abandon(OperatorAction a) {
    return operators.handle(operators.abandon(a));
  }
}
