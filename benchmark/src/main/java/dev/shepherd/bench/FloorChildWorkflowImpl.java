package dev.shepherd.bench;

import io.temporal.workflow.Workflow;

public class FloorChildWorkflowImpl implements FloorChildWorkflow {

  @Override
  public int run(FloorShape shape) {
    NoopActivities noop = Workflow.newActivityStub(NoopActivities.class, FloorWorkflowImpl.NOOP);
    int done = 0;
    for (int i = 0; i < shape.activitiesPerChild(); i++) {
      done += noop.noop(1);
    }
    return done;
  }
}
