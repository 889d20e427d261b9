package dev.shepherd.aws;

import dev.shepherd.cloud.BuildRequest;
import dev.shepherd.cloud.BuildResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One build step as the release runs it, with Temporal's retries: the smallest workflow that retries a build. */
@WorkflowInterface
public interface BuildStepWorkflow {

  @WorkflowMethod
  BuildResult build(BuildRequest request);
}
