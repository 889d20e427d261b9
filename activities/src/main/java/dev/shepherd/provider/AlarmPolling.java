package dev.shepherd.provider;

import dev.shepherd.cloud.AlarmWatchRequest;
import dev.shepherd.cloud.AlarmWatchResult;
import dev.shepherd.cloud.FiringAlarm;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.Region;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The alarm watch every provider runs: poll the alarms of the request's regions until its deadline,
 * heartbeating between polls, and fail with the first alarm found in ALARM. Providers differ only in how
 * they read which alarms are firing.
 */
public final class AlarmPolling {

  private AlarmPolling() {}

  /**
   * Watches until the deadline.
   *
   * @param firing the alarms of a region (among the request's) that are in ALARM now
   * @throws ApplicationFailure non-retryable {@code ALARM} naming the alarm, its region and its reason
   */
  public static AlarmWatchResult watch(AlarmWatchRequest request, Function<Region, List<FiringAlarm>> firing) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    Instant deadline = localDeadline(ctx.getInfo().getCurrentAttemptScheduledTimestamp(), request.deadline());
    int polls = 0;
    while (true) {
      polls++;
      for (Region region : request.regions()) {
        List<FiringAlarm> found = firing.apply(region);
        if (!found.isEmpty()) {
          throw FailureType.ALARM.failure(found.get(0).toString());
        }
      }
      Instant now = Instant.now();
      if (!now.isBefore(deadline)) {
        return new AlarmWatchResult(polls);
      }
      // Heartbeating is how this activity learns it was cancelled (an alarm elsewhere, an abort).
      ctx.heartbeat(polls);
      Duration left = Duration.between(now, deadline);
      sleep(left.compareTo(request.pollInterval()) < 0 ? left : request.pollInterval());
    }
  }

  /**
   * The deadline on this machine's clock: the time left as the server sees it (deadline minus when this
   * attempt was scheduled), from now; a worker whose clock is off still watches as long as it should.
   */
  static Instant localDeadline(long scheduledMillis, Instant deadline) {
    Duration left = Duration.between(Instant.ofEpochMilli(scheduledMillis), deadline);
    return Instant.now().plus(left.isNegative() ? Duration.ZERO : left);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while watching alarms", "Interrupted");
    }
  }
}
