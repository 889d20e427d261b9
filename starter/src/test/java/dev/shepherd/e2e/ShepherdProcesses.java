package dev.shepherd.e2e;

import static org.awaitility.Awaitility.await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The shepherd CLI and workers as separate JVMs, with moto's endpoint and dummy credentials. */
final class ShepherdProcesses {

  /** The workers' AWS secret key: moto takes any, and this one is easy to look for where it must not be. */
  static final String SECRET_ACCESS_KEY = "e2eSecretAccessKey/mustNeverBeLogged+0123456789";

  private final Path dir;
  private final String address;
  private final List<Process> started = new ArrayList<>();
  /** Numbers each process's output files; CLIs may run at once from several threads. */
  private final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

  ShepherdProcesses(Path dir) {
    this(dir, E2eEnvironment.temporalAddress());
  }

  /** Processes that talk to the Temporal frontend at this address (the dev server's, or a cluster's). */
  ShepherdProcesses(Path dir, String address) {
    this.dir = dir;
    this.address = address;
  }

  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /** Runs the CLI against the dev server and waits for it (bounded). */
  Result cli(String... args) throws Exception {
    return cli(Map.of(), args);
  }

  /** As {@link #cli(String...)}, with these environment variables set over the usual ones (e.g. USER). */
  Result cli(Map<String, String> env, String... args) throws Exception {
    int n = runs.incrementAndGet();
    Path out = dir.resolve("cli-" + n + ".out");
    Path err = dir.resolve("cli-" + n + ".err");
    List<String> command = java("dev.shepherd.cli.Main");
    command.addAll(List.of(args));
    command.add("--address");
    command.add(address);
    ProcessBuilder pb = builder(command, out, err);
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("shepherd " + String.join(" ", args) + " did not end within 2 minutes:\n"
          + Files.readString(out));
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /**
   * Starts a worker on the AWS provider (against moto) polling the task queue, with any more options for
   * {@code shepherd worker} (e.g. {@code --policy FILE}).
   */
  Process worker(String taskQueue, String... options) throws Exception {
    int n = runs.incrementAndGet();
    Path out = dir.resolve("worker-" + n + ".out");
    List<String> command = java("dev.shepherd.cli.Main");
    command.addAll(List.of("worker", "--provider", "aws", "--task-queue", taskQueue, "--grace", "5s",
        "--address", address));
    command.addAll(List.of(options));
    Process p = builder(command, out, dir.resolve("worker-" + n + ".err")).start();
    started.add(p);
    Path err = dir.resolve("worker-" + n + ".err");
    await().alias("the worker polling").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      if (!p.isAlive()) {
        throw new AssertionError("worker exited: " + Files.readString(err));
      }
      return Files.exists(out) && Files.readString(out).contains("worker polling");
    });
    return p;
  }

  /**
   * The last lines of every worker's stdout and stderr so far, for a failure message: the files live in a
   * temporary directory that is gone once the test ends.
   */
  String workerLogs(int lines) {
    StringBuilder sb = new StringBuilder();
    for (int n = 1; n <= runs.get(); n++) {
      for (String stream : List.of("out", "err")) {
        Path file = dir.resolve("worker-" + n + "." + stream);
        if (!Files.exists(file)) {
          continue;
        }
        try {
          List<String> all = Files.readAllLines(file);
          sb.append("\n--- worker-").append(n).append('.').append(stream).append(" (last ").append(lines)
              .append(" of ").append(all.size()).append(" lines)\n");
          all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> sb.append(l).append('\n'));
        } catch (IOException e) {
          sb.append("\n--- ").append(file.getFileName()).append(": ").append(e).append('\n');
        }
      }
    }
    return sb.toString();
  }

  void stopAll() throws InterruptedException {
    for (Process p : started) {
      if (p.isAlive()) {
        p.destroy();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static List<String> java(String main) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main);
    return command;
  }

  private static ProcessBuilder builder(List<String> command, Path out, Path err) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    env.put("SHEPHERD_AWS_ENDPOINT", E2eEnvironment.awsEndpoint());
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
    env.put("AWS_REGION", "us-east-1");
    env.put("USER", "carol");
    env.remove("TEMPORAL_ADDRESS");
    return pb;
  }
}
