package dev.shepherd.release;

/** A release with the same application and version exists and cannot be started again. */
public final class ReleaseAlreadyStartedException extends RuntimeException {

  private final String workflowId;

  public ReleaseAlreadyStartedException(String workflowId, Throwable cause) {
    super("release " + workflowId + " already exists: a version is released once (if it was rolled back"
        + " it may be started again once that run has ended)", cause);
    this.workflowId = workflowId;
  }

  public String workflowId() {
    return workflowId;
  }
}
