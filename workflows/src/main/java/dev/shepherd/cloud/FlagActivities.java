package dev.shepherd.cloud;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reads and writes the feature flag that releases code to users. Every method is idempotent. */
@ActivityInterface
public interface FlagActivities {

  /** Reads the flag's current value, or its absence: what a rollback restores. */
  @ActivityMethod
  FlagValue captureFlag(FlagLocation target);

  /** Sets the flag. */
  @ActivityMethod
  FlagValue setFlag(FlagWrite write);

  /**
   * Puts the flag back as it was (the previous value, or no flag at all when there was none), if it
   * still holds the value the release wrote; unchanged when it is already back; left alone and reported
   * {@link UndoOutcome#DRIFTED} when someone else changed it.
   */
  @ActivityMethod
  UndoResult restoreFlag(FlagRestore restore);
}
