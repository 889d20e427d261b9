package dev.shepherd.worker;

import dev.shepherd.release.lock.LockActivities;
import dev.shepherd.release.lock.LockHolder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/** Reads an application's lock workflow from Temporal: who holds it, and waiting until it closes. */
public final class ApplicationLockActivities implements LockActivities {

  private final WorkflowClient client;
  private final Duration poll;

  public ApplicationLockActivities(WorkflowClient client) {
    this(client, Duration.ofSeconds(1));
  }

  ApplicationLockActivities(WorkflowClient client, Duration poll) {
    this.client = client;
    this.poll = poll;
  }

  @Override
  public LockHolder lockHolder(String lockWorkflowId) {
    WorkflowExecutionInfo info;
    try {
      info = client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
          DescribeWorkflowExecutionRequest.newBuilder()
              .setNamespace(client.getOptions().getNamespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(lockWorkflowId))
              .build()).getWorkflowExecutionInfo();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return new LockHolder(null);
      }
      throw ApplicationFailure.newFailure("reading lock " + lockWorkflowId + " failed: " + e.getStatus()
          + "; retrying", "TEMPORAL_UNAVAILABLE");
    }
    if (info.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return new LockHolder(null);
    }
    // A lock workflow is always a release's child; one started by hand is named by its own id.
    return new LockHolder(info.hasParentExecution() ? info.getParentExecution().getWorkflowId() : lockWorkflowId);
  }

  @Override
  public LockHolder awaitLockFree(String lockWorkflowId) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    LockHolder waitedFor = lockHolder(lockWorkflowId);
    LockHolder now = waitedFor;
    while (now.releaseId() != null) {
      // Heartbeats carry the holder, and a cancelled wait (the queued release aborted) ends here.
      ctx.heartbeat(now.releaseId());
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApplicationFailure.newFailure("interrupted while waiting for " + lockWorkflowId, "INTERRUPTED");
      }
      now = lockHolder(lockWorkflowId);
    }
    return waitedFor;
  }
}
