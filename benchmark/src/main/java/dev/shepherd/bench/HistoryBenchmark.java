package dev.shepherd.bench;

import dev.shepherd.release.ReleaseClient;
import dev.shepherd.release.ReleaseRequest;
import dev.shepherd.release.ReleaseResult;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Section 3 of the benchmark: how many history events a release makes, by bake and by region count; then section
 * 4 on one of its releases, since {@code status} needs a worker to answer it.
 */
final class HistoryBenchmark {

  private final BenchRun run;

  HistoryBenchmark(BenchRun run) {
    this.run = run;
  }

  void measure(Path jar) throws Exception {
    List<Duration> bakes = run.quick() ? List.of(Duration.ofSeconds(2), Duration.ofSeconds(4))
        : List.of(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(300));
    List<Integer> regionCounts = run.quick() ? List.of(1, 3) : List.of(1, 6, 12);
    String queue = "bench-history-" + run.id();
    run.line("");
    run.line("3. History: events per release (the release's own history; with its region workflows' in brackets)");
    try (WorkerProcess worker = WorkerProcess.start(run.address(), queue, run.work())) {
      ReleaseClient releases = new ReleaseClient(run.client(), queue);
      List<String> ids = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      for (Duration bake : bakes) {
        ids.add(releases.start(new ReleaseRequest(run.spec(1, 2, bake, bake), "h" + run.id() + ".bake" + bake.toSeconds(),
            "bench", null)).getWorkflowId());
        labels.add("bake " + bake.toSeconds() + "s (2 regions)");
      }
      for (int regions : regionCounts) {
        ids.add(releases.start(new ReleaseRequest(run.spec(1, regions, Duration.ZERO, Duration.ZERO),
            "h" + run.id() + ".regions" + regions, "bench", null)).getWorkflowId());
        labels.add(regions + " region" + (regions == 1 ? "" : "s") + " (zero bake)");
      }
      for (String id : ids) {
        run.client().newUntypedWorkflowStub(id).getResult(15, TimeUnit.MINUTES, ReleaseResult.class);
      }
      for (int i = 0; i < ids.size(); i++) {
        List<HistoryEvent> events = run.client().fetchHistory(ids.get(i)).getEvents();
        long withoutTasks = events.stream().filter(e -> !e.getEventType().name().startsWith("EVENT_TYPE_WORKFLOW_TASK_")).count();
        int children = 0;
        for (String region : BenchRun.regionsOf(i < bakes.size() ? 2 : regionCounts.get(i - bakes.size()))) {
          children += run.client().fetchHistory(ids.get(i) + "/" + region).getEvents().size();
        }
        run.line(String.format(Locale.ROOT, "   %-28s %4d events (%3d without workflow-task events)  [+%4d = %5d]",
            labels.get(i), events.size(), withoutTasks, children, events.size() + children));
      }
      // `status` is a query, answered by a worker: measure while this one runs.
      new CliLatencyBenchmark(run).measure(ids.get(0), jar);
    }
  }
}
