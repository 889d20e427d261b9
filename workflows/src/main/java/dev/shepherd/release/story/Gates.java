package dev.shepherd.release.story;

import dev.shepherd.release.FailureType;
import dev.shepherd.release.status.GateState;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.cloud.NotificationKind;

import dev.shepherd.spec.Durations;
import java.time.Duration;
import java.time.Instant;

/** Waiting at a gate for a person's decision, up to the policy's approval timeout. */
final class Gates {

  private Gates() {}

  /**
   * Opens the gate and waits for its decision.
   *
   * @throws Halt {@code REJECTED} when rejected, {@code APPROVAL_TIMEOUT} when nobody decided in time
   */
  static void await(ReleaseState state, String name, ReleasePhase waiting, String what) {
    GateTracker gate = state.gates.get(name);
    Duration timeout = state.spec.policy().approvalTimeout();
    Instant now = ReleaseState.now();
    gate.opened(now, now.plus(timeout));
    state.enter(waiting, "waiting for approval of gate " + name + " before " + what + " (approvers: "
        + String.join(", ", state.spec.approvers()) + "; not " + state.request.initiator() + "); rejects at "
        + gate.timeoutAt());
    state.notifier.notify(NotificationKind.GATE_WAITING, name, "gate " + name + " waits for approval",
        "Gate " + name + " waits for approval before " + what + ". Started by " + state.request.initiator()
            + "; approvers: " + String.join(", ", state.spec.approvers()) + ". Undecided, it rejects at "
            + gate.timeoutAt() + ".");
    boolean decided = Waits.until(timeout, "Approval timeout of gate " + name, () -> gate.state().isDecided());
    if (!decided) {
      gate.timedOut(ReleaseState.now());
      ReleaseMetrics.gateDecided(state, gate);
      state.record(ReleaseState.SYSTEM, "APPROVAL_TIMED_OUT", "gate " + name + " undecided after "
          + Durations.format(timeout));
      throw new Halt(FailureType.APPROVAL_TIMEOUT, "gate " + name + " was not decided within "
          + Durations.format(timeout), null);
    }
    if (gate.state() == GateState.REJECTED) {
      throw new Halt(FailureType.REJECTED, "gate " + name + " rejected by " + gate.decidedBy() + ": " + gate.comment(),
          null);
    }
  }
}
