package dev.shepherd.bench;

import dev.shepherd.worker.ConnectionSettings;
import dev.shepherd.worker.TemporalConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Shepherd costs and how far one worker scales, against the real Temporal dev server, with the
 * simulated cloud at zero latency so that only orchestration is measured. Prints figures; asserts
 * nothing. Run it with scripts/benchmark.sh.
 *
 * <p>Arguments: [--address HOST:PORT] [--quick] [--sizes 50,200,500] [--jar starter/target/shepherd.jar]
 * [--only overhead|scale|history] (one section; {@code history} includes the CLI latency, which it measures on
 * a release of its own) [--bake 20s] (the scale section's bake) [--server-pids PID,...] (the dev server's
 * processes, for its CPU) [--cluster HOST:PORT --cluster-pids PID,...] (the scale section again on a Temporal
 * cluster, with two workers)
 *
 * <p>Each section is its own class ({@link OverheadBenchmark}, {@link ScaleBenchmark}, {@link HistoryBenchmark}
 * and {@link CliLatencyBenchmark}), sharing the run ({@link BenchRun}); this one reads the arguments and runs them.
 */
public final class Benchmark {

  private Benchmark() {}

  public static void main(String[] args) throws Exception {
    String address = "127.0.0.1:7243";
    boolean quick = false;
    List<Integer> sizes = List.of(50, 200, 500);
    String jar = "starter/target/shepherd.jar";
    String only = null;
    Duration bake = Duration.ofSeconds(20);
    List<Long> serverPids = List.of();
    String cluster = null;
    List<Long> clusterPids = List.of();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--address" -> address = args[++i];
        case "--quick" -> quick = true;
        case "--sizes" -> sizes = java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
        case "--jar" -> jar = args[++i];
        case "--only" -> only = args[++i];
        case "--bake" -> bake = Duration.parse("PT" + args[++i].toUpperCase(Locale.ROOT));
        case "--server-pids" -> serverPids = pids(args[++i]);
        case "--cluster" -> cluster = args[++i];
        case "--cluster-pids" -> clusterPids = pids(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (quick) {
      sizes = List.of(20);
    }
    if (only != null && !List.of("overhead", "scale", "history").contains(only)) {
      throw new IllegalArgumentException("--only takes overhead, scale or history, not " + only);
    }
    Path work = Files.createDirectories(Path.of("target", "benchmark"));
    try (TemporalConnection temporal = TemporalConnection.open(ConnectionSettings.address(address), Map.of(), null)
        .ensureReachable()) {
      BenchRun run = new BenchRun(temporal.client(), address, quick, work);
      run.line("Shepherd benchmark: Temporal dev server at " + address + ", simulated cloud at zero latency, "
          + "worker heap capped at 512 MB" + (quick ? " (quick smoke run)" : ""));
      run.line("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version"));
      if (only == null || only.equals("overhead")) {
        new OverheadBenchmark(run).measure();
      }
      if (only == null || only.equals("scale")) {
        new ScaleBenchmark(run).measure(new ScaleTarget("dev server", run.client(), address, serverPids, 1), sizes,
            quick ? Duration.ofSeconds(5) : bake);
        if (cluster != null) {
          try (TemporalConnection onCluster = TemporalConnection.open(ConnectionSettings.address(cluster), Map.of(), null)
              .ensureReachable()) {
            new ScaleBenchmark(run).measure(new ScaleTarget("cluster", onCluster.client(), cluster, clusterPids, 2), sizes,
                quick ? Duration.ofSeconds(5) : bake);
          }
        }
      }
      if (only == null || only.equals("history")) {
        new HistoryBenchmark(run).measure(Path.of(jar));
      }
      Files.writeString(work.resolve("report.txt"), run.report());
    }
  }

  private static List<Long> pids(String list) {
    return list.isBlank() ? List.of()
        : java.util.Arrays.stream(list.split(",")).map(String::trim).map(Long::parseLong).toList();
  }
}
