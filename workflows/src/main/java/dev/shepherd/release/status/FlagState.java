package dev.shepherd.release.status;

/** Where the feature flag is. */
public enum FlagState {
  /** Not touched yet. */
  PENDING,
  /** The release ended before it reached the flag: never touched. */
  SKIPPED,
  /** Its previous value is recorded; it is being set. */
  CAPTURED,
  ON,
  RESTORED,
  RESTORE_FAILED,
  /** Someone changed the flag after the release set it: the rollback left it alone, for a person. */
  DRIFTED
}
