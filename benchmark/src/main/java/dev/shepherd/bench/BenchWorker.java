package dev.shepherd.bench;

import dev.shepherd.sim.SimProvider;
import dev.shepherd.sim.SimulatedCloud;
import dev.shepherd.worker.ConnectionSettings;
import dev.shepherd.worker.ShepherdWorker;
import dev.shepherd.worker.TemporalConnection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The benchmark's worker, a process of its own: the release workflows on the simulated cloud at zero
 * latency, plus the floor workflows. It writes its peak heap use to a file as it goes.
 *
 * <p>Arguments: ADDRESS TASK_QUEUE PEAK_HEAP_FILE
 */
public final class BenchWorker {

  private BenchWorker() {}

  public static void main(String[] args) throws Exception {
    TemporalConnection temporal = TemporalConnection.open(ConnectionSettings.address(args[0]), Map.of(), null)
        .ensureReachable();
    ShepherdWorker worker = new ShepherdWorker(temporal.client(), args[1],
        SimProvider.activities(SimulatedCloud.autoProvisioned()));
    worker.worker().registerWorkflowImplementationTypes(FloorWorkflowImpl.class, FloorChildWorkflowImpl.class);
    worker.worker().registerActivitiesImplementations(new NoopActivitiesImpl());
    worker.start();
    Path peakFile = Path.of(args[2]);
    var memory = ManagementFactory.getMemoryMXBean();
    long peak = 0;
    System.out.println("ready");
    while (true) {
      peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
      try {
        Files.writeString(peakFile, Long.toString(peak));
      } catch (IOException ignored) {
        // next time
      }
      Thread.sleep(100);
    }
  }
}
