package dev.shepherd.release.region;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One region of a release, as a child workflow so that the Web UI shows every region on its own:
 * capture the rollback target, check the alarms, update the code, publish a version, give the canary its
 * weight while watching the alarms, then promote. It never rolls back itself: its release does, in
 * order, with the captured target it was told about first.
 */
@WorkflowInterface
public interface RegionDeploymentWorkflow {

  @WorkflowMethod
  RegionDeploymentResult deploy(RegionDeploymentRequest request);

  /** Where this region's deployment is. */
  @QueryMethod
  RegionProgress progress();
}
