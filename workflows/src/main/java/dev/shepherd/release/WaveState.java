package dev.shepherd.release;

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
  ROLLBACK_FAILED
}
