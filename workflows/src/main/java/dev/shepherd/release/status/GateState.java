package dev.shepherd.release.status;

/** Where a gate is. */
public enum GateState {
  /** The release has not reached it. */
  PENDING,
  /** The release waits for an approver. */
  WAITING,
  APPROVED,
  REJECTED,
  /** Nobody decided within the approval timeout; counts as a rejection. */
  TIMED_OUT,
  /** The release ended (aborted, or failed elsewhere) while the gate waited; nobody decided. */
  CANCELLED;

  public boolean isDecided() {
    return this == APPROVED || this == REJECTED || this == TIMED_OUT || this == CANCELLED;
  }
}
