package dev.shepherd.aws;

import dev.shepherd.cloud.HookActivities;
import dev.shepherd.cloud.HookRequest;
import dev.shepherd.cloud.HookResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class HookStepWorkflowImpl implements HookStepWorkflow {

  private final HookActivities hooks;

  public HookStepWorkflowImpl() {
    this(Duration.ofSeconds(10));
  }

  /** With this heartbeat timeout on the hook. */
  public HookStepWorkflowImpl(Duration heartbeatTimeout) {
    hooks = Workflow.newActivityStub(HookActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setHeartbeatTimeout(heartbeatTimeout)
        // Retried quickly, and a few times only, so that a test that fails does so in seconds.
        .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(100)).setMaximumAttempts(4).build())
        .build());
  }

  @Override
  public HookResult runHook(HookRequest request) {
    return hooks.runHook(request);
  }
}
