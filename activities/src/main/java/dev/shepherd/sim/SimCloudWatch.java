package dev.shepherd.sim;

import dev.shepherd.cloud.FiringAlarm;
import dev.shepherd.spec.Region;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CloudWatch alarms of a {@link SimulatedCloud}, per region, each OK or in ALARM. Reads go through the fault
 * plan, which can throttle them or trip an alarm after a call. Thread-safe.
 */
final class SimCloudWatch {

  private final Clock clock;
  private final boolean autoProvision;
  private final SimFaults faults;
  private final SimOperationLog log;
  private final Map<String, Map<String, AlarmState>> alarms = new HashMap<>();

  SimCloudWatch(Clock clock, boolean autoProvision, SimFaults faults, SimOperationLog log) {
    this.clock = clock;
    this.autoProvision = autoProvision;
    this.faults = faults;
    this.log = log;
  }

  synchronized void addAlarm(Region region, String name) {
    alarms.computeIfAbsent(region.code(), r -> new LinkedHashMap<>()).put(name, new AlarmState());
  }

  /** Sets an alarm to ALARM now. */
  synchronized void setAlarm(Region region, String alarm, String reason) {
    AlarmState a = alarm(region, alarm);
    a.inAlarm = true;
    a.reason = reason;
  }

  /** Sets an alarm back to OK, and forgets the trips planned for it. */
  synchronized void clearAlarm(Region region, String alarm) {
    AlarmState a = alarm(region, alarm);
    a.inAlarm = false;
    a.reason = null;
    faults.clearTrips(region, alarm);
  }

  synchronized boolean alarmExists(Region region, String alarm) {
    if (autoProvision && !alarms.getOrDefault(region.code(), Map.of()).containsKey(alarm)) {
      addAlarm(region, alarm);
    }
    return alarms.getOrDefault(region.code(), Map.of()).containsKey(alarm);
  }

  /**
   * The alarms among {@code names} in ALARM in a region.
   *
   * @throws ApplicationFailure retryable, when the fault plan makes this read fail
   */
  synchronized List<FiringAlarm> firing(Region region, List<String> names) {
    ApplicationFailure fault = faults.alarmReadFault(region);
    if (fault != null) {
      log.record(CloudCall.FAULT, region, "alarm read throttled");
      throw fault;
    }
    Instant now = clock.instant();
    for (String name : names) {
      alarmExists(region, name);
    }
    List<FiringAlarm> out = new ArrayList<>();
    for (String name : names) {
      AlarmState a = alarms.getOrDefault(region.code(), Map.of()).get(name);
      if (a == null) {
        continue;
      }
      if (faults.tripped(region, name, now)) {
        a.inAlarm = true;
        a.reason = "Threshold Crossed: simulated fault tripped " + name;
      }
      if (a.inAlarm) {
        out.add(new FiringAlarm(name, region, a.reason));
      }
    }
    return out;
  }

  private AlarmState alarm(Region region, String alarm) {
    AlarmState a = alarms.getOrDefault(region.code(), Map.of()).get(alarm);
    if (a == null) {
      throw new IllegalArgumentException("no alarm " + alarm + " in " + region);
    }
    return a;
  }

  private static final class AlarmState {
    boolean inAlarm;
    String reason;
  }
}
