package dev.shepherd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A BenchWorker in its own JVM, with a 512 MB heap; its peaks are read from outside. */
final class WorkerProcess implements AutoCloseable {
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
