package dev.shepherd.bench;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

public class FloorWorkflowImpl implements FloorWorkflow {

  static final ActivityOptions NOOP = ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build();

  @Override
  public int run(FloorShape shape) {
    NoopActivities noop = Workflow.newActivityStub(NoopActivities.class, NOOP);
    int done = 0;
    for (int i = 0; i < shape.parentActivities(); i++) {
      done += noop.noop(1);
    }
    String id = Workflow.getInfo().getWorkflowId();
    for (int w = 0; w < shape.waves(); w++) {
      List<Promise<Integer>> children = new ArrayList<>();
      for (int c = 0; c < shape.childrenPerWave(); c++) {
        FloorChildWorkflow child = Workflow.newChildWorkflowStub(FloorChildWorkflow.class,
            ChildWorkflowOptions.newBuilder().setWorkflowId(id + "/" + w + "-" + c).build());
        children.add(Async.function(child::run, shape));
      }
      for (Promise<Integer> p : children) {
        done += p.get();
      }
    }
    return done;
  }
}
