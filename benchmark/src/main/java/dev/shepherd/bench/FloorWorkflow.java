package dev.shepherd.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The floor a release is measured against: the same number of no-op activities and child workflows,
 * in the same shape (waves of parallel children), and nothing else.
 */
@WorkflowInterface
public interface FloorWorkflow {

  /**
   * @param shape parent activities, waves, children per wave, activities per child
   */
  @WorkflowMethod
  int run(FloorShape shape);
}
