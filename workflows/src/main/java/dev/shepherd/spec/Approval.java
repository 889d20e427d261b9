package dev.shepherd.spec;

/** Whether a step waits for an approver. */
public enum Approval {
  /** The step starts on its own. */
  NONE,
  /** The step waits until someone on the approvers list, other than the initiator, approves. */
  REQUIRED
}
