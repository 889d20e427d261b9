package dev.shepherd.sim;

import dev.shepherd.spec.Region;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link SimulatedCloud} did, oldest first. Each recorded step also arms the alarm trips the fault plan
 * holds for it, so that an alarm can go off a while after a step. Thread-safe.
 */
final class SimOperationLog {

  private final Clock clock;
  private final SimFaults faults;
  private final List<Operation> operations = new ArrayList<>();

  SimOperationLog(Clock clock, SimFaults faults) {
    this.clock = clock;
    this.faults = faults;
  }

  synchronized void record(Step step, Region region, String detail) {
    Instant now = clock.instant();
    operations.add(new Operation(step, region, detail, now));
    faults.stepDone(step, region, now);
  }

  synchronized List<Operation> operations() {
    return List.copyOf(operations);
  }

  synchronized List<Operation> hookRuns() {
    return operations.stream().filter(o -> o.step() == Step.RUN_HOOK).toList();
  }
}
