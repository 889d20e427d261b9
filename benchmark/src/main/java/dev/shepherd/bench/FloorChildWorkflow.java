package dev.shepherd.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A floor child: some no-op activities in turn. */
@WorkflowInterface
public interface FloorChildWorkflow {

  @WorkflowMethod
  int run(FloorShape shape);
}
