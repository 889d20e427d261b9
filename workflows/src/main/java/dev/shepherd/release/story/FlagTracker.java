package dev.shepherd.release.story;

import dev.shepherd.cloud.FlagLocation;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.release.status.FlagState;
import dev.shepherd.release.status.FlagStatus;
import dev.shepherd.spec.FlagSpec;
import java.time.Instant;

/** The feature flag. Its state changes only through the transitions below. */
public final class FlagTracker {

  private final FlagLocation target;
  private final FlagSpec spec;
  private FlagState state = FlagState.PENDING;
  /** Read by the release before it wrote the flag: what a rollback restores. */
  private FlagValue previous;
  private String found;
  /** When the flag's bake ends, while it bakes. */
  private Instant bakeUntil;

  FlagTracker(FlagLocation target, FlagSpec spec) {
    this.target = target;
    this.spec = spec;
  }

  /** The release read the flag's value before writing it: what a rollback restores. */
  void captured(FlagValue value) {
    previous = value;
    state = FlagState.CAPTURED;
  }

  /** The release turned the flag on. */
  void on() {
    state = FlagState.ON;
  }

  /** The flag bakes until {@code until}. */
  void bakingUntil(Instant until) {
    bakeUntil = until;
  }

  /** The flag's bake ended (or the release stopped during it). */
  void baked() {
    bakeUntil = null;
  }

  /** The release stopped before the flag was written. */
  void skippedIfPending() {
    if (state == FlagState.PENDING) {
      state = FlagState.SKIPPED;
    }
  }

  /** Its undo put the previous value back (or found it already there); {@code found} is what it read. */
  public void restored(String found) {
    this.found = found;
    state = FlagState.RESTORED;
  }

  /** Its undo found the flag changed by someone else since, to {@code found}, and left it alone. */
  public void drifted(String found) {
    this.found = found;
    state = FlagState.DRIFTED;
  }

  /** Its undo failed permanently: a person must act. */
  public void restoreFailed() {
    state = FlagState.RESTORE_FAILED;
  }

  public FlagLocation target() {
    return target;
  }

  public FlagSpec spec() {
    return spec;
  }

  public FlagValue previous() {
    return previous;
  }

  FlagState state() {
    return state;
  }

  String found() {
    return found;
  }

  Instant bakeUntil() {
    return bakeUntil;
  }

  FlagStatus toStatus() {
    // The value as it was, for scripts: FlagValue's own text quotes it for people.
    return new FlagStatus(target.toString(), state, spec.value(),
        previous == null || !previous.exists() ? null : previous.value(), previous != null && !previous.exists(),
        bakeUntil);
  }
}
