package dev.shepherd.release.status;

/** Where a wave is. */
public enum WaveState {
  PENDING,
  AWAITING_APPROVAL,
  WAITING_FOR_WINDOW,
  DEPLOYING,
  BAKING,
  DONE,
  FAILED,
  ROLLING_BACK,
  ROLLED_BACK,
  ROLLBACK_FAILED,
  /** The release ended while this wave waited (for approval or a window) or deployed without changing anything. */
  CANCELLED
}
