package dev.shepherd.release.story;

import dev.shepherd.release.status.FlagState;
import dev.shepherd.release.status.FlagStatus;
import dev.shepherd.cloud.FlagTarget;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.spec.FlagSpec;
import java.time.Instant;

/** The feature flag. */
public final class FlagTracker {

  public final FlagTarget target;
  public final FlagSpec spec;
  public FlagState state = FlagState.PENDING;
  /** Read by the release before it wrote the flag: what a rollback restores. */
  public FlagValue previous;
  public String found;
  /** When the flag's bake ends, while it bakes. */
  Instant bakeUntil;

  FlagTracker(FlagTarget target, FlagSpec spec) {
    this.target = target;
    this.spec = spec;
  }

  FlagStatus toStatus() {
    // The value as it was, for scripts: FlagValue's own text quotes it for people.
    return new FlagStatus(target.toString(), state, spec.value(),
        previous == null || !previous.exists() ? null : previous.value(), previous != null && !previous.exists(),
        bakeUntil);
  }
}
