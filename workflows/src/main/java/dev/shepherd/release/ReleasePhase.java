package dev.shepherd.release;

/** Where a release is. */
public enum ReleasePhase {
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
  /** Failed, and the rollback did not complete: a human must look. The status says what is where. */
  ROLLBACK_FAILED;

  /** Whether the release has ended. */
  public boolean isFinal() {
    return this == RELEASED || this == FAILED || this == ROLLED_BACK || this == ROLLBACK_FAILED;
  }
}
