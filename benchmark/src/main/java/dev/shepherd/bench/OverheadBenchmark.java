package dev.shepherd.bench;

import static dev.shepherd.bench.Figures.median;
import static dev.shepherd.bench.Figures.seconds;

import dev.shepherd.release.ReleaseClient;
import dev.shepherd.release.ReleaseRequest;
import dev.shepherd.release.ReleaseResult;
import dev.shepherd.spec.ReleaseSpec;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Section 1 of the benchmark: what a release costs over the floor, a workflow of the same shape whose activities
 * do nothing, on the same worker.
 */
final class OverheadBenchmark {

  private final BenchRun run;

  OverheadBenchmark(BenchRun run) {
    this.run = run;
  }

  void measure() throws Exception {
    int runs = run.quick() ? 3 : 9;
    ReleaseSpec spec = run.spec(3, 6, Duration.ZERO, Duration.ZERO);
    // Per region: capture, alarm blocker, update, publish, canary route, promote. Parent: pre-flight, build.
    FloorShape floor = new FloorShape(2, 3, 6, 6);
    String queue = "bench-overhead-" + run.id();
    try (WorkerProcess worker = WorkerProcess.start(run.address(), queue, run.work())) {
      runRelease(spec, queue);
      runFloor(floor, queue);
      List<Double> releases = new ArrayList<>();
      List<Double> floors = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        releases.add(seconds(runRelease(spec, queue)));
        floors.add(seconds(runFloor(floor, queue)));
      }
      double r = median(releases);
      double f = median(floors);
      run.line("");
      run.line("1. Overhead: a release of 3 waves x 6 regions, zero bakes, vs the floor (" + (floor.parentActivities()
          + floor.waves() * floor.childrenPerWave() * floor.activitiesPerChild()) + " no-op activities, "
          + floor.waves() * floor.childrenPerWave() + " child workflows), median of " + runs + " runs");
      run.line(String.format(Locale.ROOT, "   release %.2fs   floor %.2fs   ratio %.2fx   (target <= 1.10x)", r, f, r / f));
    }
  }

  private Duration runRelease(ReleaseSpec spec, String queue) throws Exception {
    String version = "b" + run.id() + "." + run.next();
    long t0 = System.nanoTime();
    var execution = new ReleaseClient(run.client(), queue).start(new ReleaseRequest(spec, version, "bench", null));
    run.client().newUntypedWorkflowStub(execution.getWorkflowId()).getResult(5, TimeUnit.MINUTES, ReleaseResult.class);
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  private Duration runFloor(FloorShape shape, String queue) throws Exception {
    long t0 = System.nanoTime();
    FloorWorkflow floor = run.client().newWorkflowStub(FloorWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(queue).setWorkflowId("floor/" + run.id() + "/" + run.next()).build());
    WorkflowStub.fromTyped(floor);
    WorkflowClient.start(floor::run, shape);
    WorkflowStub.fromTyped(floor).getResult(5, TimeUnit.MINUTES, Integer.class);
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}
