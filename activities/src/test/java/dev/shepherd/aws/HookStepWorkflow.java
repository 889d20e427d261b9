package dev.shepherd.aws;

import dev.shepherd.cloud.HookRequest;
import dev.shepherd.cloud.HookResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One smoke-test hook as a release would run it, with Temporal's retries: the smallest workflow that retries a hook. */
@WorkflowInterface
public interface HookStepWorkflow {

  @WorkflowMethod
  HookResult runHook(HookRequest request);
}
