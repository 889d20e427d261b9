package dev.shepherd.cloud;

/** What a notification tells. */
public enum NotificationKind {
  /** A gate waits for approval (the notification carries the approve command and the Web UI link). */
  GATE_WAITING,
  /** A gate was approved or rejected. */
  GATE_DECIDED,
  /** A step failed and the release paused for an operator. */
  PAUSED,
  /** The release began to roll back. */
  ROLLBACK_STARTED,
  /** The rollback finished: every region is on its previous version. */
  ROLLED_BACK,
  /** The rollback did not complete: a person must look, now. */
  ROLLBACK_FAILED,
  /** The release finished: every region serves the new version. */
  RELEASED
}
