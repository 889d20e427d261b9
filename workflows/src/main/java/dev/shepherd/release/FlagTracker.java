package dev.shepherd.release;

import dev.shepherd.cloud.FlagTarget;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.spec.FlagSpec;

/** The feature flag. */
final class FlagTracker {

  final FlagTarget target;
  final FlagSpec spec;
  FlagState state = FlagState.PENDING;
  /** Read by the release before it wrote the flag: what a rollback restores. */
  FlagValue previous;
  String found;

  FlagTracker(FlagTarget target, FlagSpec spec) {
    this.target = target;
    this.spec = spec;
  }

  FlagStatus toStatus() {
    return new FlagStatus(target.toString(), state, spec.value(), previous == null ? null : previous.toString());
  }
}
