package dev.shepherd.bench;

import static dev.shepherd.bench.Figures.mb;
import static dev.shepherd.bench.Figures.percentile;

import dev.shepherd.release.ReleaseClient;
import dev.shepherd.release.ReleaseRequest;
import dev.shepherd.release.ReleaseResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Section 2 of the benchmark: how far workers scale, as N releases at once held in a bake, with their latency,
 * throughput, memory and CPU, on a dev server or a cluster.
 */
final class ScaleBenchmark {

  private final BenchRun run;

  ScaleBenchmark(BenchRun run) {
    this.run = run;
  }

  void measure(ScaleTarget target, List<Integer> sizes, Duration bake) throws Exception {
    run.line("");
    run.line("2. Scale on the " + target.name() + " (" + target.address() + "): N concurrent releases (1 wave x 2 regions, "
        + "each held in a " + bake.toSeconds() + "s bake watched by 2 alarm watchers) on " + (target.workers() == 1
        ? "one worker" : target.workers() + " workers (each its own task queue and half the releases: the simulated "
        + "cloud lives in a worker's memory)") + ", heap capped at 512 MB each");
    run.line("   N      done  failed  in flight  p50 start->RELEASED  p95       releases/s  peak heap  peak RSS  "
        + "server CPU  worker CPU");
    for (int n : sizes) {
      List<WorkerProcess> workers = new ArrayList<>();
      List<ReleaseClient> queues = new ArrayList<>();
      try {
        for (int w = 0; w < target.workers(); w++) {
          String queue = "bench-scale-" + n + "-" + run.id() + "-" + w;
          workers.add(WorkerProcess.start(target.address(), queue, run.work()));
          queues.add(new ReleaseClient(target.client(), queue));
        }
        List<Double> took = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> all = new ArrayList<>();
        int[] failed = new int[1];
        // started, ended, the most in flight at once
        int[] flight = new int[3];
        long first = System.nanoTime();
        long[] last = {first};
        double serverCpu0 = Cpu.seconds(target.serverPids());
        double workerCpu0 = Cpu.seconds(workers.stream().map(WorkerProcess::pid).toList());
        Duration limit = bake.plus(Duration.ofMinutes(30));
        for (int i = 0; i < n; i++) {
          String version = "s" + run.id() + "." + n + "." + i;
          long t0 = System.nanoTime();
          var execution = queues.get(i % queues.size())
              .start(new ReleaseRequest(run.spec(1, 2, bake, Duration.ZERO), version, "bench", null));
          synchronized (flight) {
            flight[0]++;
            flight[2] = Math.max(flight[2], flight[0] - flight[1]);
          }
          all.add(target.client().newUntypedWorkflowStub(execution.getWorkflowId())
              .getResultAsync(limit.toSeconds(), TimeUnit.SECONDS, ReleaseResult.class)
              .handle((result, error) -> {
                long now = System.nanoTime();
                synchronized (flight) {
                  flight[1]++;
                  last[0] = Math.max(last[0], now);
                  if (error != null) {
                    failed[0]++;
                  }
                }
                if (error == null) {
                  took.add((now - t0) / 1e9);
                }
                return null;
              }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(limit.toSeconds() + 60, TimeUnit.SECONDS);
        double wall = (last[0] - first) / 1e9;
        double serverCpu = Cpu.seconds(target.serverPids()) - serverCpu0;
        double workerCpu = Cpu.seconds(workers.stream().map(WorkerProcess::pid).toList()) - workerCpu0;
        List<Double> sorted = new ArrayList<>(took);
        Collections.sort(sorted);
        long heap = 0;
        long rss = 0;
        for (WorkerProcess w : workers) {
          heap = Math.max(heap, w.peakHeap());
          rss = Math.max(rss, w.peakRss());
        }
        run.line(String.format(Locale.ROOT, "   %-6d %-5d %-7d %-10d %-20s %-9s %-11.2f %-10s %-9s %-11s %s", n, took.size(),
            failed[0], flight[2], String.format(Locale.ROOT, "%.1fs", percentile(sorted, 50)),
            String.format(Locale.ROOT, "%.1fs", percentile(sorted, 95)), n / wall, mb(heap), mb(rss),
            target.serverPids().isEmpty() ? "?" : String.format(Locale.ROOT, "%.0f%%", 100 * serverCpu / wall),
            String.format(Locale.ROOT, "%.0f%%", 100 * workerCpu / wall)));
      } finally {
        for (WorkerProcess w : workers) {
          w.close();
        }
      }
    }
    run.line("   (in flight: the most releases started and not yet ended at once; CPU: the average over the run, "
        + "100% = one core" + (target.workers() > 1 ? "; heap and RSS: the larger worker's" : "") + ")");
  }
}
