package dev.shepherd.bench;

import static dev.shepherd.bench.Figures.median;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Section 4 of the benchmark: how long {@code shepherd status} takes, with and without each start-up aid. */
final class CliLatencyBenchmark {

  private final BenchRun run;

  CliLatencyBenchmark(BenchRun run) {
    this.run = run;
  }

  /**
   * Wall time of {@code shepherd status} against {@code temporal workflow describe} on the same running release: the
   * JVM as it comes, with each start-up aid ./shepherd has used (archives trained as it trains them, on a status
   * call that fails at once), and ./shepherd itself. Each round runs every variant once, so that load that comes
   * and goes on the machine weighs on all of them alike.
   */
  void measure(String workflowId, Path jar) throws Exception {
    if (!Files.exists(jar)) {
      run.line("");
      run.line("4. CLI latency: skipped, " + jar + " is not built");
      return;
    }
    int runs = run.quick() ? 3 : 7;
    int jdk = Runtime.version().feature();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> base = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
    if (jdk >= 24) {
      base.add("--sun-misc-unsafe-memory-access=allow");
    }
    List<String> status = List.of("-jar", jar.toString(), "status", workflowId, "--address", run.address());
    List<String> training = List.of("-jar", jar.toString(), "status", "warmup/0.0.0", "--address", "127.0.0.1:1");
    List<String> c1 = List.of("-XX:TieredStopAtLevel=1");
    Path archive = run.work().resolve("shepherd.jsa");
    Files.deleteIfExists(archive);
    List<String> cds = concat(base, List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive",
        "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    times(1, concat(cds, training), Duration.ofMinutes(2));  // creates the archive
    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put("temporal workflow describe", List.of("temporal", "workflow", "describe", "-w", workflowId,
        "--address", run.address()));
    variants.put("shepherd status (plain JVM)", concat(base, status));
    variants.put("with AppCDS archive", concat(cds, status));
    variants.put("with AppCDS + C1 only", concat(concat(cds, c1), status));
    if (jdk >= 25) {
      Path cache = run.work().resolve("shepherd.aot");
      Files.deleteIfExists(cache);
      times(1, concat(concat(base, List.of("-XX:AOTCacheOutput=" + cache)), training), Duration.ofMinutes(2));
      variants.put("with AOT cache + C1 only", concat(concat(base, List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off",
          "-Xlog:cds=off", "-XX:TieredStopAtLevel=1")), status));
    }
    Path launcher = Path.of("shepherd");
    if (Files.isExecutable(launcher)) {
      List<String> command = List.of(launcher.toAbsolutePath().toString(), "status", workflowId, "--address", run.address());
      times(1, command, Duration.ofMinutes(10));  // builds its jar or its start-up archive if it must
      variants.put("./shepherd status", command);
    }
    Map<String, List<Double>> walls = new LinkedHashMap<>();
    variants.keySet().forEach(label -> walls.put(label, new ArrayList<>()));
    for (int i = 0; i < runs; i++) {
      for (var variant : variants.entrySet()) {
        walls.get(variant.getKey()).addAll(times(1, variant.getValue(), Duration.ofSeconds(60)));
      }
    }
    double temporal = median(walls.get("temporal workflow describe"));
    run.line("");
    run.line("4. CLI latency: wall time of `shepherd status` vs `temporal workflow describe` on the same workflow, "
        + "median of " + runs + " (rounds interleaved)");
    walls.forEach((label, times) -> {
      double t = median(times);
      String note = switch (label) {
        case "with AppCDS + C1 only" -> "   (./shepherd on JDK 21-24)";
        case "with AOT cache + C1 only" -> "   (./shepherd on JDK 25+)";
        case "./shepherd status" -> "   (target <= 2x)";
        default -> "";
      };
      run.line(label.equals("temporal workflow describe")
          ? String.format(Locale.ROOT, "   %-30s %.2fs", label, t)
          : String.format(Locale.ROOT, "   %-30s %.2fs   %4.1fx%s", label, t, t / temporal, note));
    });
    if (jdk < 25) {
      run.line("   (an AOT cache needs JDK 25; this is " + jdk + ")");
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

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
