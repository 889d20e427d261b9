package dev.shepherd.release.story;

import dev.shepherd.release.FailureType;
import dev.shepherd.release.status.FlagState;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.cloud.FlagWrite;
import dev.shepherd.spec.Durations;
import dev.shepherd.spec.FlagSpec;

/** Releasing to users: the flag's gate, its capture and write (undo registered first), then its bake. */
final class FlagRelease {

  private final ReleaseState state;
  private final StepRunner steps;

  FlagRelease(ReleaseState state, StepRunner steps) {
    this.state = state;
    this.steps = steps;
  }

  void run() {
    FlagTracker flag = state.flag;
    FlagSpec spec = flag.spec();
    if (spec.approvalRequired()) {
      steps.run("approval of the flag", FailureType.REJECTED, () -> {
        Gates.await(state, FlagSpec.GATE_NAME, ReleasePhase.AWAITING_FLAG_APPROVAL, "the flag");
        return null;
      });
    }
    steps.run("set flag", FailureType.DEPLOY_FAILED, () -> {
      state.enter(ReleasePhase.ENABLING_FLAG, "turning on " + flag.target());
      if (flag.previous() == null) {
        FlagValue previous = ActivityStubs.flag("Read " + flag.target() + " (the value to restore)").captureFlag(flag.target());
        // Registered before the flag is written: a write that fails half-way is still undone.
        flag.captured(previous);
        state.plan.registerFlag();
        state.touch();
      }
      WholeChange.run(() -> ActivityStubs.flag("Set " + flag.target() + " to \"" + spec.value() + "\"")
          .setFlag(new FlagWrite(flag.target(), spec.value())));
      flag.on();
      state.touch();
      return null;
    });
    if (!spec.bake().isZero()) {
      steps.run("flag bake", FailureType.ALARM, () -> {
        flag.bakingUntil(ReleaseState.now().plus(spec.bake()));
        state.enter(ReleasePhase.FLAG_BAKE, "flag on; baking until " + flag.bakeUntil()
            + (state.spec.alarms().isEmpty() ? "" : "; the guard watches the alarms in every region"));
        Waits.sleep(spec.bake(), "Flag bake: " + Durations.format(spec.bake()) + " while the guard watches the alarms");
        return null;
      });
      flag.baked();
    }
  }
}
