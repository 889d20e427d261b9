package dev.shepherd.aws;

import dev.shepherd.cloud.BuildActivities;
import dev.shepherd.cloud.BuildRequest;
import dev.shepherd.cloud.BuildResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class BuildStepWorkflowImpl implements BuildStepWorkflow {

  private final BuildActivities builds = Workflow.newActivityStub(BuildActivities.class, ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(1))
      .setHeartbeatTimeout(Duration.ofSeconds(10))
      // Retried quickly, and a few times only, so that a test that fails does so in seconds.
      .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(100)).setMaximumAttempts(3).build())
      .build());

  @Override
  public BuildResult build(BuildRequest request) {
    return builds.runBuild(request);
  }
}
