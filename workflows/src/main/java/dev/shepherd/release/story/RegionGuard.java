package dev.shepherd.release.story;

import dev.shepherd.release.FailureType;
import dev.shepherd.cloud.AlarmWatchRequest;
import dev.shepherd.cloud.AlarmWatchResult;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.WaveSpec;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deployed code is always watched: from the moment a region serves this release's version to all its
 * traffic until the release ends, one alarm-watching activity per region runs, through bakes, gates,
 * deployment windows, pauses and later waves. A firing alarm (or a watch gone blind) trips the guard,
 * which stops whatever the release is doing (see {@link StepRunner#interrupt}). The watchers poll and
 * heartbeat, which records nothing, so the history does not grow with how long anything waits.
 */
final class RegionGuard {

  private final ReleaseState state;
  private final Runnable onTrip;
  private final Duration poll;
  private final Map<Region, CancellationScope> watching = new LinkedHashMap<>();
  private final List<Region> ended = new ArrayList<>();
  private boolean stopped;

  RegionGuard(ReleaseState state, Runnable onTrip) {
    this.state = state;
    this.onTrip = onTrip;
    this.poll = pollInterval(state.spec);
  }

  /** Starts watching every region in {@code regions} not watched yet. */
  void watch(List<Region> regions) {
    if (stopped || state.spec.alarms().isEmpty()) {
      return;
    }
    for (Region region : regions) {
      if (!watching.containsKey(region)) {
        start(region);
      }
    }
  }

  private void start(Region region) {
    boolean behind = state.changes.waveReadsFirst();
    // Detached: stopping the step that is running (an alarm elsewhere, a retry) must not stop the watch.
    CancellationScope scope = Workflow.newDetachedCancellationScope(() -> {
      if (behind) {
        // On a thread of its own, which runs once the release's main thread waits: the watch is scheduled
        // after what the release does next in the same workflow task (the next wave's rollback-target read),
        // so that the step the release waits for is not queued behind watches that nothing waits for.
        Async.procedure(() -> watchIn(region));
      } else {
        watchIn(region);
      }
    });
    watching.put(region, scope);
    scope.run();
  }

  private void watchIn(Region region) {
    Promise<AlarmWatchResult> watcher = Async.function(ActivityStubs.watch(null, "Guard: watch "
            + String.join(", ", state.spec.alarms()) + " in " + region + " until the release ends")::watchAlarms,
        new AlarmWatchRequest(List.of(region), state.spec.alarms(), null, poll, state.spec.policy().blindAfter()));
    watcher.handle((result, failure) -> {
      if (stopped || (failure != null && Halt.isCancellation(failure))) {
        return null;
      }
      ended.add(region);
      if (state.guardTrip == null) {
        state.guardTrip = failure == null
            ? new Halt(FailureType.BLIND, "the alarm watch in " + region + " ended by itself", null)
            : new Halt(Halt.typeOf(failure, FailureType.ALARM), "alarm watch in " + region + ": "
                + Halt.rootMessage(failure), failure);
        onTrip.run();
      }
      return null;
    });
  }

  /** The alarm (or blindness) that tripped the guard, if any; taking it clears it. */
  Halt takeTrip() {
    Halt t = state.guardTrip;
    state.guardTrip = null;
    return t;
  }

  /** After an operator's retry: watch again the regions whose watch ended; a firing alarm trips again. */
  void rearm() {
    state.guardTrip = null;
    List<Region> again = new ArrayList<>(ended);
    ended.clear();
    for (Region region : again) {
      watching.remove(region);
      start(region);
    }
  }

  /** The release has ended or is rolling back: stop every watch. */
  void stop() {
    stopped = true;
    for (CancellationScope scope : watching.values()) {
      scope.cancel("the release stopped watching");
    }
  }

  /** {@link AlarmWatch#pollInterval} of the shortest bake or canary (at most {@link AlarmWatch#MAX_POLL}). */
  static Duration pollInterval(ReleaseSpec spec) {
    Duration shortest = AlarmWatch.MAX_POLL.multipliedBy(10);
    List<Duration> candidates = new ArrayList<>();
    for (WaveSpec w : spec.waves()) {
      candidates.add(w.bake());
    }
    if (spec.flag() != null) {
      candidates.add(spec.flag().bake());
    }
    if (spec.deploy().canary() != null) {
      candidates.add(spec.deploy().canary().duration());
    }
    for (Duration d : candidates) {
      if (d != null && !d.isZero() && !d.isNegative() && d.compareTo(shortest) < 0) {
        shortest = d;
      }
    }
    return AlarmWatch.pollInterval(shortest);
  }
}
