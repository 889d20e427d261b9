package dev.shepherd.provider;

import dev.shepherd.cloud.AlarmWatchRequest;
import dev.shepherd.cloud.AlarmWatchResult;
import dev.shepherd.cloud.FiringAlarm;
import dev.shepherd.provider.HeartbeatingPoll.Beat;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.Durations;
import dev.shepherd.spec.PolicySpec;
import dev.shepherd.spec.Region;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The alarm watch every provider runs: poll the alarms of the request's regions until its deadline (or
 * until cancelled), heartbeating every poll, and fail with the first alarm found in ALARM. Providers
 * differ only in how they read which alarms are firing.
 *
 * <p>A read that fails (throttling, an outage, even a permission error) does not end the watch: a watch
 * that cannot see its alarms is not a failed release, only a blind one. The watch keeps polling, and
 * fails {@code BLIND} only once no read has succeeded for the request's {@code blindAfter}. The time of
 * the last successful read travels in the heartbeat, so a retried attempt keeps the same blind clock.
 */
public final class AlarmPolling {

  private AlarmPolling() {}

  /**
   * Watches until the deadline, or until cancelled when it has none.
   *
   * @param firing the alarms of a region (among the request's) that are in ALARM now; may throw when
   *     they cannot be read
   * @throws ApplicationFailure non-retryable {@code ALARM} naming the alarm, its region and its reason;
   *     non-retryable {@code BLIND} when no read succeeded for {@code blindAfter}
   */
  public static AlarmWatchResult watch(AlarmWatchRequest request, Function<Region, List<FiringAlarm>> firing) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    Instant deadline = request.deadline() == null ? null
        : localDeadline(ctx.getInfo().getCurrentAttemptScheduledTimestamp(), request.deadline());
    Duration blindAfter = request.blindAfter() != null ? request.blindAfter() : PolicySpec.DEFAULT_BLIND_AFTER;
    Watch watch = new Watch(request, firing, blindAfter,
        resumed(ctx).orElse(new WatchProgress(0, System.currentTimeMillis(), null)));
    // Heartbeating is how this activity learns it was cancelled (an alarm elsewhere, an abort, the end
    // of a watch without deadline), and how a retry learns the blind clock.
    return HeartbeatingPoll.every(request.pollInterval(), "interrupted while watching alarms", "Interrupted")
        .withHeartbeat(Beat.AFTER_EACH_UNANSWERED_POLL, watch::progress)
        .until(watch::read, deadline, watch::result);
  }

  /** A watch's count and blind clock, carried from one poll to the next. */
  private static final class Watch {

    private final AlarmWatchRequest request;
    private final Function<Region, List<FiringAlarm>> firing;
    private final Duration blindAfter;
    private int polls;
    private long lastRead;
    private String lastError;

    Watch(AlarmWatchRequest request, Function<Region, List<FiringAlarm>> firing, Duration blindAfter,
        WatchProgress progress) {
      this.request = request;
      this.firing = firing;
      this.blindAfter = blindAfter;
      this.polls = progress.polls();
      this.lastRead = progress.lastReadMillis();
      this.lastError = progress.lastError();
    }

    /** Reads every region's alarms once. Never an answer: a watch ends by failing, or at its deadline. */
    Optional<AlarmWatchResult> read() {
      polls++;
      String error = null;
      for (Region region : request.regions()) {
        List<FiringAlarm> found;
        try {
          found = firing.apply(region);
        } catch (RuntimeException e) {
          // Keep reading the other regions: an alarm there must still fail the watch at once.
          error = region + ": " + message(e);
          continue;
        }
        if (!found.isEmpty()) {
          throw FailureType.ALARM.failure(found.get(0).toString());
        }
      }
      long now = System.currentTimeMillis();
      if (error == null) {
        lastRead = now;
        lastError = null;
      } else {
        lastError = error;
        Duration blind = Duration.ofMillis(now - lastRead);
        if (blind.compareTo(blindAfter) >= 0) {
          throw FailureType.BLIND.failure("the alarms " + String.join(", ", request.alarms()) + " in "
              + request.regions().stream().map(Region::toString).collect(Collectors.joining(", "))
              + " could not be read for " + words(blind) + " (blindAfter " + Durations.format(blindAfter)
              + "); the release cannot tell whether its code is healthy. Last error: " + lastError);
        }
      }
      return Optional.empty();
    }

    WatchProgress progress() {
      return new WatchProgress(polls, lastRead, lastError);
    }

    AlarmWatchResult result() {
      return new AlarmWatchResult(polls);
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

  private static Optional<WatchProgress> resumed(ActivityExecutionContext ctx) {
    try {
      return ctx.getHeartbeatDetails(WatchProgress.class);
    } catch (RuntimeException e) {
      // Details in another shape (an older worker heartbeated a bare count): start a fresh clock.
      return Optional.empty();
    }
  }

  /** A duration for a message: whole seconds once it is more than a second. */
  private static String words(Duration d) {
    return Durations.format(d.compareTo(Duration.ofSeconds(1)) > 0 ? d.truncatedTo(ChronoUnit.SECONDS) : d);
  }

  private static String message(RuntimeException e) {
    String m = e instanceof ApplicationFailure f ? f.getOriginalMessage() : e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
