package dev.shepherd.release.story;

import dev.shepherd.cloud.AlarmWatchRequest;
import dev.shepherd.cloud.AlarmWatchResult;
import dev.shepherd.cloud.HealthActivities;
import dev.shepherd.spec.Durations;
import dev.shepherd.spec.Region;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A bake or canary watch: a durable timer raced by one alarm-watching activity per region. An alarm
 * ends it at once with a failure; otherwise it ends when the timer has fired and every watcher has taken
 * its last look at the deadline. The history holds the same events whatever the duration (the
 * activities poll and heartbeat, which records nothing), and the same events every time: watchers end
 * on their own rather than being cancelled, so no cancellation races the timer.
 */
public final class AlarmWatch {

  private static final Duration MIN_POLL = Duration.ofMillis(250);
  /** Well inside the heartbeat timeout: the watcher heartbeats once a poll. */
  static final Duration MAX_POLL = Duration.ofSeconds(10);

  private AlarmWatch() {}

  /**
   * Waits {@code duration} while watching the alarms of {@code regions}.
   *
   * @throws io.temporal.failure.ActivityFailure caused by an {@code ALARM} failure when an alarm fires
   */
  public static void watch(List<Region> regions, List<String> alarms, Duration duration, Duration blindAfter, String purpose) {
    if (duration.isZero() || duration.isNegative()) {
      return;
    }
    Instant deadline = Instant.ofEpochMilli(Workflow.currentTimeMillis()).plus(duration);
    Duration poll = pollInterval(duration);
    CompletablePromise<Void> firstAlarm = Workflow.newPromise();
    List<Promise<Void>> waits = new ArrayList<>();
    List<Promise<AlarmWatchResult>> watchers = new ArrayList<>();
    CancellationScope scope = Workflow.newCancellationScope(() -> {
      waits.add(Workflow.newTimer(duration, TimerOptions.newBuilder()
          .setSummary(purpose + ": " + Durations.format(duration) + " until " + deadline)
          .build()));
      if (alarms.isEmpty()) {
        return;
      }
      for (Region region : regions) {
        HealthActivities health = ActivityStubs.watch(duration,
            "Watch " + String.join(", ", alarms) + " in " + region + " (" + purpose + ")");
        Promise<AlarmWatchResult> watcher = Async.function(health::watchAlarms,
            new AlarmWatchRequest(List.of(region), alarms, deadline, poll, blindAfter));
        watchers.add(watcher);
        watcher.handle((result, failure) -> {
          if (failure != null && !firstAlarm.isCompleted()) {
            firstAlarm.completeExceptionally(failure);
          }
          return null;
        });
      }
    });
    scope.run();
    try {
      Promise.anyOf(waits.get(0), firstAlarm).get();
      Promise.anyOf(Promise.allOf(watchers), firstAlarm).get();
    } catch (TemporalFailure e) {
      // An alarm fired (or the release was aborted): stop the other watchers and the timer.
      scope.cancel();
      throw e;
    }
  }

  /** Often enough to catch an alarm early in short demo canaries; every few seconds in long ones. */
  static Duration pollInterval(Duration watch) {
    Duration tenth = watch.dividedBy(10);
    if (tenth.compareTo(MIN_POLL) < 0) {
      return MIN_POLL;
    }
    return tenth.compareTo(MAX_POLL) > 0 ? MAX_POLL : tenth;
  }
}
