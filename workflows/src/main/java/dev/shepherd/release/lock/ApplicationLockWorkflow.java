package dev.shepherd.release.lock;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * An application's lock: one running workflow per application ({@code release-lock/<application>}),
 * started by the release that holds it as its child. Temporal lets only one workflow with an id run at a
 * time, so two releases cannot both start it; and the server closes it when its release closes, however
 * that release ends (completed, failed, terminated, timed out), so an ended release never holds it.
 */
@WorkflowInterface
public interface ApplicationLockWorkflow {

  /** Holds the lock until released, or until the release that started it closes. */
  @WorkflowMethod
  void hold(String releaseId);

  /** Sent by the holding release as it ends, so that the lock closes as completed, at once. */
  @SignalMethod
  void release();
}
