package dev.shepherd.sim;

import dev.shepherd.spec.Region;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link SimulatedCloud} did, oldest first. Each recorded call also arms the alarm trips the fault plan
 * holds for it, so that an alarm can go off a while after a call. Thread-safe.
 */
final class SimOperationLog {

  private final Clock clock;
  private final SimFaults faults;
  private final List<Operation> operations = new ArrayList<>();

  SimOperationLog(Clock clock, SimFaults faults) {
    this.clock = clock;
    this.faults = faults;
  }

  synchronized void record(CloudCall call, Region region, String detail) {
    Instant now = clock.instant();
    operations.add(new Operation(call, region, detail, now));
    faults.callDone(call, region, now);
  }

  synchronized List<Operation> operations() {
    return List.copyOf(operations);
  }

  synchronized List<Operation> hookRuns() {
    return operations.stream().filter(o -> o.call() == CloudCall.RUN_HOOK).toList();
  }
}
