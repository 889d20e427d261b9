package dev.shepherd.sim;

import dev.shepherd.cloud.HookPoint;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.Region;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fault plan of a {@link SimulatedCloud}: which calls fail (permanently or transiently, how often),
 * which alarms trip and when, which alarm reads fail, and which smoke-test hooks answer that they failed. Kept
 * apart from the cloud's state so that what the cloud holds and what goes wrong in it can be read (and changed)
 * separately. Thread-safe.
 */
final class SimFaults {

  /** The ApplicationFailure type of simulated transient errors (retried). */
  static final String THROTTLING = "Throttling";

  private final List<CallFault> calls = new ArrayList<>();
  private final List<AlarmTrip> trips = new ArrayList<>();
  private final List<ReadFault> alarmReads = new ArrayList<>();
  private final List<HookFault> hooks = new ArrayList<>();
  /** By region code; {@code *} for every region. */
  private final java.util.Map<String, CanaryDegradation> canaries = new java.util.HashMap<>();

  // --- calls ---

  synchronized void failCall(CloudCall call, Region region, FailureType type, int times) {
    calls.add(new CallFault(call, region, type, times, false));
  }

  synchronized void failCallTransiently(CloudCall call, Region region, int times) {
    calls.add(new CallFault(call, region, null, times, true));
  }

  /**
   * The failure a call meets now, if one is planned for it (counting it down), or null.
   *
   * @return the failure to throw, or null when the call may proceed
   */
  synchronized ApplicationFailure callFault(CloudCall call, Region region) {
    for (CallFault f : calls) {
      if (f.call == call && (f.region == null || f.region.equals(region)) && f.remaining > 0) {
        f.remaining--;
        String where = region != null ? " in " + region : "";
        if (f.retryable) {
          return ApplicationFailure.newFailure("simulated throttling of " + call + where + ": Rate exceeded", THROTTLING);
        }
        return f.type.failure("simulated " + f.type + " of " + call + where);
      }
    }
    return null;
  }

  // --- alarm trips ---

  synchronized void tripAlarm(Region region, String alarm, CloudCall afterCall, Region afterRegion, Duration delay,
      Instant now) {
    AlarmTrip trip = new AlarmTrip(region, alarm, afterCall, afterRegion, delay);
    trips.add(trip);
    if (afterCall == null) {
      trip.armedAt = now;
    }
  }

  /** Arms the trips waiting for this call in this region. */
  synchronized void callDone(CloudCall call, Region region, Instant at) {
    for (AlarmTrip t : trips) {
      if (t.armedAt == null && t.afterCall == call && (t.afterRegion == null || t.afterRegion.equals(region))) {
        t.armedAt = at;
      }
    }
  }

  /** Whether an armed trip has set this alarm off by now. */
  synchronized boolean tripped(Region region, String alarm, Instant now) {
    for (AlarmTrip t : trips) {
      if (t.region.equals(region) && t.alarm.equals(alarm) && t.armedAt != null
          && !now.isBefore(t.armedAt.plus(t.delay))) {
        return true;
      }
    }
    return false;
  }

  /** Forgets the trips of an alarm (it was set back to OK). */
  synchronized void clearTrips(Region region, String alarm) {
    trips.removeIf(t -> t.region.equals(region) && t.alarm.equals(alarm));
  }

  // --- canary metrics ---

  synchronized void degradeCanary(Region region, CanaryDegradation degradation) {
    String key = region == null ? "*" : region.code();
    if (degradation == null) {
      canaries.remove(key);
    } else {
      canaries.put(key, degradation);
    }
  }

  /** How much worse the canary of this region is; null when it is like its baseline. */
  synchronized CanaryDegradation canaryDegradation(Region region) {
    CanaryDegradation d = canaries.get(region.code());
    return d != null ? d : canaries.get("*");
  }

  // --- smoke-test hooks ---

  synchronized void failHook(Region region, HookPoint point, String reason, int times) {
    hooks.add(new HookFault(region, point, reason, times));
  }

  synchronized void clearHookFaults(Region region) {
    hooks.removeIf(f -> region == null || f.region == null || f.region.equals(region));
  }

  /**
   * Why the hook at this point fails in this region now, if a failure is planned (counting it down), or null
   * when it passes.
   */
  synchronized String hookFailure(Region region, HookPoint point) {
    for (HookFault f : hooks) {
      if ((f.region == null || f.region.equals(region)) && (f.point == null || f.point == point) && f.remaining > 0) {
        f.remaining--;
        return f.reason;
      }
    }
    return null;
  }

  // --- alarm reads ---

  synchronized void failAlarmReads(Region region, int times) {
    alarmReads.add(new ReadFault(region, times));
  }

  synchronized void clearAlarmReadFaults(Region region) {
    alarmReads.removeIf(f -> region == null || f.region == null || f.region.equals(region));
  }

  /**
   * The failure a read of a region's alarms meets now, if one is planned (counting it down), or null.
   * Each read of a region counts once, so a watch's poll of a region counts once.
   */
  synchronized ApplicationFailure alarmReadFault(Region region) {
    for (ReadFault f : alarmReads) {
      if ((f.region == null || f.region.equals(region)) && f.remaining > 0) {
        f.remaining--;
        return ApplicationFailure.newFailure("simulated throttling of DescribeAlarms in " + region
            + ": Rate exceeded", THROTTLING);
      }
    }
    return null;
  }

  private static final class CallFault {
    final CloudCall call;
    final Region region;
    final FailureType type;
    final boolean retryable;
    int remaining;

    CallFault(CloudCall call, Region region, FailureType type, int times, boolean retryable) {
      this.call = call;
      this.region = region;
      this.type = type;
      this.remaining = times;
      this.retryable = retryable;
    }
  }

  private static final class AlarmTrip {
    final Region region;
    final String alarm;
    final CloudCall afterCall;
    final Region afterRegion;
    final Duration delay;
    Instant armedAt;

    AlarmTrip(Region region, String alarm, CloudCall afterCall, Region afterRegion, Duration delay) {
      this.region = region;
      this.alarm = alarm;
      this.afterCall = afterCall;
      this.afterRegion = afterRegion;
      this.delay = delay;
    }
  }

  private static final class HookFault {
    final Region region;
    final HookPoint point;
    final String reason;
    int remaining;

    HookFault(Region region, HookPoint point, String reason, int times) {
      this.region = region;
      this.point = point;
      this.reason = reason;
      this.remaining = times;
    }
  }

  private static final class ReadFault {
    final Region region;
    int remaining;

    ReadFault(Region region, int times) {
      this.region = region;
      this.remaining = times;
    }
  }
}
