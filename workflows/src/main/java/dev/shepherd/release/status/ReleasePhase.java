package dev.shepherd.release.status;

/** Where a release is. */
public enum ReleasePhase {
  /** Waiting for the release of the same application that is running to end (started with queue). */
  QUEUED,
  PREFLIGHT,
  BUILDING,
  TESTING,
  AWAITING_APPROVAL,
  WAITING_FOR_WINDOW,
  DEPLOYING,
  BAKING,
  AWAITING_FLAG_APPROVAL,
  ENABLING_FLAG,
  FLAG_BAKE,
  /** Waiting for an operator to retry the failed step or roll back. */
  PAUSED,
  ROLLING_BACK,
  /** Done: every region runs the new version and the flag is on. */
  RELEASED,
  /** Failed before anything was changed; nothing to roll back. */
  FAILED,
  /** Failed, and everything it changed is back as it was. */
  ROLLED_BACK,
  /**
   * Failed, and some undo failed permanently (access denied, not found). The release stays open, showing
   * what is left where, until an operator fixes the cause and runs {@code rollback} again, or closes it
   * with {@code abandon}.
   */
  ROLLBACK_FAILED,
  /** A release whose rollback did not complete, closed by an operator; the status says what is left where. */
  ABANDONED;

  /** Whether the release has ended. */
  public boolean isFinal() {
    return this == RELEASED || this == FAILED || this == ROLLED_BACK || this == ABANDONED;
  }
}
