package dev.shepherd.release.lock;

import io.temporal.workflow.Workflow;

/** See {@link ApplicationLockWorkflow}: it waits, doing nothing, until released or its release closes. */
public class ApplicationLockWorkflowImpl implements ApplicationLockWorkflow {

  private boolean released;

  @Override
  public void hold(String releaseId) {
    // Should the release die without releasing it, parent close policy TERMINATE ends this workflow.
    Workflow.await(() -> released);
  }

  @Override
  public void release() {
    released = true;
  }
}
