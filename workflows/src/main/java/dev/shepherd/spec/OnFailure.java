package dev.shepherd.spec;

/** What a release does when a step fails. */
public enum OnFailure {
  /** Roll back at once. */
  ROLLBACK,
  /** Wait for an operator to retry the step or roll back; roll back when nobody answers in time. */
  PAUSE
}
