package dev.shepherd.bench;

import dev.shepherd.release.ReleaseClient;
import dev.shepherd.release.ReleaseRequest;
import dev.shepherd.release.ReleaseResult;
import dev.shepherd.spec.Approval;
import dev.shepherd.spec.BuildStepSpec;
import dev.shepherd.spec.CanarySpec;
import dev.shepherd.spec.CanaryWeight;
import dev.shepherd.spec.CodeBuildTarget;
import dev.shepherd.spec.DeploySpec;
import dev.shepherd.spec.LambdaTarget;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.WaveSpec;
import dev.shepherd.worker.ConnectionSettings;
import dev.shepherd.worker.TemporalConnection;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 */
public final class Benchmark {

  private static final List<String> ALL_REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2",
      "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-southeast-1", "ap-southeast-2",
      "ap-northeast-1", "ap-northeast-2", "ap-south-1", "sa-east-1", "ca-central-1", "me-south-1", "af-south-1");

  private final WorkflowClient client;
  private final String address;
  private final boolean quick;
  private final Path work;
  private final String run = Long.toString(System.currentTimeMillis() % 10_000_000L, 36);
  private final StringBuilder report = new StringBuilder();
  private int counter;
  private int functions;

  private Benchmark(WorkflowClient client, String address, boolean quick, Path work) {
    this.client = client;
    this.address = address;
    this.quick = quick;
    this.work = work;
  }

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
      Benchmark b = new Benchmark(temporal.client(), address, quick, work);
      b.line("Shepherd benchmark: Temporal dev server at " + address + ", simulated cloud at zero latency, "
          + "worker heap capped at 512 MB" + (quick ? " (quick smoke run)" : ""));
      b.line("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version"));
      if (only == null || only.equals("overhead")) {
        b.overhead();
      }
      if (only == null || only.equals("scale")) {
        b.scale(new Target("dev server", b.client, address, serverPids, 1), sizes, quick ? Duration.ofSeconds(5) : bake);
        if (cluster != null) {
          try (TemporalConnection onCluster = TemporalConnection.open(ConnectionSettings.address(cluster), Map.of(), null)
              .ensureReachable()) {
            b.scale(new Target("cluster", onCluster.client(), cluster, clusterPids, 2), sizes,
                quick ? Duration.ofSeconds(5) : bake);
          }
        }
      }
      if (only == null || only.equals("history")) {
        b.historyAndCli(Path.of(jar));
      }
      Files.writeString(work.resolve("report.txt"), b.report.toString());
    }
  }

  // --- 1. overhead against the floor ---

  private void overhead() throws Exception {
    int runs = quick ? 3 : 9;
    ReleaseSpec spec = spec(3, 6, Duration.ZERO, Duration.ZERO);
    // Per region: capture, alarm blocker, update, publish, canary route, promote. Parent: pre-flight, build.
    FloorShape floor = new FloorShape(2, 3, 6, 6);
    try (WorkerProcess worker = WorkerProcess.start(address, "bench-overhead-" + run, work)) {
      runRelease(spec, "bench-overhead-" + run);
      runFloor(floor, "bench-overhead-" + run);
      List<Double> releases = new ArrayList<>();
      List<Double> floors = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        releases.add(seconds(runRelease(spec, "bench-overhead-" + run)));
        floors.add(seconds(runFloor(floor, "bench-overhead-" + run)));
      }
      double r = median(releases);
      double f = median(floors);
      line("");
      line("1. Overhead: a release of 3 waves x 6 regions, zero bakes, vs the floor (" + (floor.parentActivities()
          + floor.waves() * floor.childrenPerWave() * floor.activitiesPerChild()) + " no-op activities, "
          + floor.waves() * floor.childrenPerWave() + " child workflows), median of " + runs + " runs");
      line(String.format(Locale.ROOT, "   release %.2fs   floor %.2fs   ratio %.2fx   (target <= 1.10x)", r, f, r / f));
    }
  }

  private Duration runRelease(ReleaseSpec spec, String queue) throws Exception {
    String version = "b" + run + "." + (++counter);
    long t0 = System.nanoTime();
    var execution = new ReleaseClient(client, queue).start(new ReleaseRequest(spec, version, "bench", null));
    client.newUntypedWorkflowStub(execution.getWorkflowId()).getResult(5, TimeUnit.MINUTES, ReleaseResult.class);
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  private Duration runFloor(FloorShape shape, String queue) throws Exception {
    long t0 = System.nanoTime();
    FloorWorkflow floor = client.newWorkflowStub(FloorWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(queue).setWorkflowId("floor/" + run + "/" + (++counter)).build());
    WorkflowStub.fromTyped(floor);
    WorkflowClient.start(floor::run, shape);
    WorkflowStub.fromTyped(floor).getResult(5, TimeUnit.MINUTES, Integer.class);
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  // --- 2. scale ---

  /** Where the scale section runs: a Temporal server, its processes (for their CPU) and how many workers. */
  record Target(String name, WorkflowClient client, String address, List<Long> serverPids, int workers) {}

  private void scale(Target target, List<Integer> sizes, Duration bake) throws Exception {
    line("");
    line("2. Scale on the " + target.name() + " (" + target.address() + "): N concurrent releases (1 wave x 2 regions, "
        + "each held in a " + bake.toSeconds() + "s bake watched by 2 alarm watchers) on " + (target.workers() == 1
        ? "one worker" : target.workers() + " workers (each its own task queue and half the releases: the simulated "
        + "cloud lives in a worker's memory)") + ", heap capped at 512 MB each");
    line("   N      done  failed  in flight  p50 start->RELEASED  p95       releases/s  peak heap  peak RSS  "
        + "server CPU  worker CPU");
    for (int n : sizes) {
      List<WorkerProcess> workers = new ArrayList<>();
      List<ReleaseClient> queues = new ArrayList<>();
      try {
        for (int w = 0; w < target.workers(); w++) {
          String queue = "bench-scale-" + n + "-" + run + "-" + w;
          workers.add(WorkerProcess.start(target.address(), queue, work));
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
          String version = "s" + run + "." + n + "." + i;
          long t0 = System.nanoTime();
          var execution = queues.get(i % queues.size())
              .start(new ReleaseRequest(spec(1, 2, bake, Duration.ZERO), version, "bench", null));
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
        line(String.format(Locale.ROOT, "   %-6d %-5d %-7d %-10d %-20s %-9s %-11.2f %-10s %-9s %-11s %s", n, took.size(),
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
    line("   (in flight: the most releases started and not yet ended at once; CPU: the average over the run, "
        + "100% = one core" + (target.workers() > 1 ? "; heap and RSS: the larger worker's" : "") + ")");
  }

  private static List<Long> pids(String list) {
    return list.isBlank() ? List.of()
        : java.util.Arrays.stream(list.split(",")).map(String::trim).map(Long::parseLong).toList();
  }

  // --- 3. history size ---

  private void historyAndCli(Path jar) throws Exception {
    List<Duration> bakes = quick ? List.of(Duration.ofSeconds(2), Duration.ofSeconds(4))
        : List.of(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(300));
    List<Integer> regionCounts = quick ? List.of(1, 3) : List.of(1, 6, 12);
    String queue = "bench-history-" + run;
    line("");
    line("3. History: events per release (the release's own history; with its region workflows' in brackets)");
    try (WorkerProcess worker = WorkerProcess.start(address, queue, work)) {
      ReleaseClient releases = new ReleaseClient(client, queue);
      List<String> ids = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      for (Duration bake : bakes) {
        ids.add(releases.start(new ReleaseRequest(spec(1, 2, bake, bake), "h" + run + ".bake" + bake.toSeconds(),
            "bench", null)).getWorkflowId());
        labels.add("bake " + bake.toSeconds() + "s (2 regions)");
      }
      for (int regions : regionCounts) {
        ids.add(releases.start(new ReleaseRequest(spec(1, regions, Duration.ZERO, Duration.ZERO),
            "h" + run + ".regions" + regions, "bench", null)).getWorkflowId());
        labels.add(regions + " region" + (regions == 1 ? "" : "s") + " (zero bake)");
      }
      for (String id : ids) {
        client.newUntypedWorkflowStub(id).getResult(15, TimeUnit.MINUTES, ReleaseResult.class);
      }
      for (int i = 0; i < ids.size(); i++) {
        List<HistoryEvent> events = client.fetchHistory(ids.get(i)).getEvents();
        long withoutTasks = events.stream().filter(e -> !e.getEventType().name().startsWith("EVENT_TYPE_WORKFLOW_TASK_")).count();
        int children = 0;
        for (String region : regionsOf(i < bakes.size() ? 2 : regionCounts.get(i - bakes.size()))) {
          children += client.fetchHistory(ids.get(i) + "/" + region).getEvents().size();
        }
        line(String.format(Locale.ROOT, "   %-28s %4d events (%3d without workflow-task events)  [+%4d = %5d]",
            labels.get(i), events.size(), withoutTasks, children, events.size() + children));
      }
      // `status` is a query, answered by a worker: measure while this one runs.
      cliLatency(ids.get(0), jar);
    }
  }

  // --- 4. CLI latency ---

  /**
   * Wall time of {@code shepherd status} against {@code temporal workflow describe} on the same running release: the
   * JVM as it comes, with each start-up aid ./shepherd has used (archives trained as it trains them, on a status
   * call that fails at once), and ./shepherd itself. Each round runs every variant once, so that load that comes
   * and goes on the machine weighs on all of them alike.
   */
  private void cliLatency(String workflowId, Path jar) throws Exception {
    if (!Files.exists(jar)) {
      line("");
      line("4. CLI latency: skipped, " + jar + " is not built");
      return;
    }
    int runs = quick ? 3 : 7;
    int jdk = Runtime.version().feature();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> base = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
    if (jdk >= 24) {
      base.add("--sun-misc-unsafe-memory-access=allow");
    }
    List<String> status = List.of("-jar", jar.toString(), "status", workflowId, "--address", address);
    List<String> training = List.of("-jar", jar.toString(), "status", "warmup/0.0.0", "--address", "127.0.0.1:1");
    List<String> c1 = List.of("-XX:TieredStopAtLevel=1");
    Path archive = work.resolve("shepherd.jsa");
    Files.deleteIfExists(archive);
    List<String> cds = concat(base, List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive",
        "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    times(1, concat(cds, training), Duration.ofMinutes(2));  // creates the archive
    Map<String, List<String>> variants = new java.util.LinkedHashMap<>();
    variants.put("temporal workflow describe", List.of("temporal", "workflow", "describe", "-w", workflowId,
        "--address", address));
    variants.put("shepherd status (plain JVM)", concat(base, status));
    variants.put("with AppCDS archive", concat(cds, status));
    variants.put("with AppCDS + C1 only", concat(concat(cds, c1), status));
    if (jdk >= 25) {
      Path cache = work.resolve("shepherd.aot");
      Files.deleteIfExists(cache);
      times(1, concat(concat(base, List.of("-XX:AOTCacheOutput=" + cache)), training), Duration.ofMinutes(2));
      variants.put("with AOT cache + C1 only", concat(concat(base, List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off",
          "-Xlog:cds=off", "-XX:TieredStopAtLevel=1")), status));
    }
    Path launcher = Path.of("shepherd");
    if (Files.isExecutable(launcher)) {
      List<String> command = List.of(launcher.toAbsolutePath().toString(), "status", workflowId, "--address", address);
      times(1, command, Duration.ofMinutes(10));  // builds its jar or its start-up archive if it must
      variants.put("./shepherd status", command);
    }
    Map<String, List<Double>> walls = new java.util.LinkedHashMap<>();
    variants.keySet().forEach(label -> walls.put(label, new ArrayList<>()));
    for (int i = 0; i < runs; i++) {
      for (var variant : variants.entrySet()) {
        walls.get(variant.getKey()).addAll(times(1, variant.getValue(), Duration.ofSeconds(60)));
      }
    }
    double temporal = median(walls.get("temporal workflow describe"));
    line("");
    line("4. CLI latency: wall time of `shepherd status` vs `temporal workflow describe` on the same workflow, "
        + "median of " + runs + " (rounds interleaved)");
    walls.forEach((label, times) -> {
      double t = median(times);
      String note = switch (label) {
        case "with AppCDS + C1 only" -> "   (./shepherd on JDK 21-24)";
        case "with AOT cache + C1 only" -> "   (./shepherd on JDK 25+)";
        case "./shepherd status" -> "   (target <= 2x)";
        default -> "";
      };
      line(label.equals("temporal workflow describe")
          ? String.format(Locale.ROOT, "   %-30s %.2fs", label, t)
          : String.format(Locale.ROOT, "   %-30s %.2fs   %4.1fx%s", label, t, t / temporal, note));
    });
    if (jdk < 25) {
      line("   (an AOT cache needs JDK 25; this is " + jdk + ")");
    }
  }

  private static List<Double> times(int runs, List<String> command, Duration timeout) throws Exception {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      out.add((System.nanoTime() - t0) / 1e9);
    }
    return out;
  }

  // --- helpers ---

  /**
   * A release spec. Every release deploys its own function: releases of one function at the same time
   * would (rightly) refuse each other's code.
   */
  private ReleaseSpec spec(int waves, int regionsPerWave, Duration bake, Duration flagBake) {
    List<WaveSpec> list = new ArrayList<>();
    int next = 0;
    for (int w = 0; w < waves; w++) {
      List<Region> regions = new ArrayList<>();
      for (int r = 0; r < regionsPerWave; r++) {
        regions.add(Region.of(ALL_REGIONS.get(next++)));
      }
      list.add(new WaveSpec("wave-" + (w + 1), regions, bake, Approval.NONE));
    }
    // One application per release: releases of one application take turns (its lock), these run at once.
    int app = ++functions;
    return new ReleaseSpec("bench-" + app,
        new BuildStepSpec(new CodeBuildTarget("bench-build", null), Duration.ofMinutes(10)), null,
        new DeploySpec(new LambdaTarget("bench-api-" + app, "live"), new CanarySpec(CanaryWeight.of(10), Duration.ZERO)),
        List.of("bench-5xx"), list, null, List.of("alice"), null);
  }

  private static List<String> regionsOf(int count) {
    return ALL_REGIONS.subList(0, count);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static double percentile(List<Double> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static String mb(long bytes) {
    return bytes <= 0 ? "?" : (bytes / (1024 * 1024)) + " MB";
  }

  private void line(String text) {
    System.out.println(text);
    report.append(text).append('\n');
  }

  /** A BenchWorker in its own JVM, with a 512 MB heap; its peaks are read from outside. */
  static final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final Path peakFile;

    private WorkerProcess(Process process, Path peakFile) {
      this.process = process;
      this.peakFile = peakFile;
    }

    static WorkerProcess start(String address, String queue, Path work) throws IOException, InterruptedException {
      Path peak = work.resolve(queue + ".heap");
      Path log = work.resolve(queue + ".log");
      Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
          "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
          BenchWorker.class.getName(), address, queue, peak.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < until) {
        if (Files.exists(log) && Files.readString(log).contains("ready")) {
          return new WorkerProcess(p, peak);
        }
        if (!p.isAlive()) {
          throw new IllegalStateException("bench worker exited: " + Files.readString(log));
        }
        Thread.sleep(100);
      }
      p.destroyForcibly();
      throw new IllegalStateException("bench worker did not start");
    }

    long pid() {
      return process.pid();
    }

    long peakHeap() throws IOException {
      return Files.exists(peakFile) ? Long.parseLong(Files.readString(peakFile).trim()) : -1;
    }

    /** The kernel's high-water mark of the process's resident memory. */
    long peakRss() throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
      return -1;
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
