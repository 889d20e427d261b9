package dev.shepherd.release.story;

import dev.shepherd.release.status.RegionState;
import dev.shepherd.release.status.WaveState;
import dev.shepherd.release.status.WaveStatus;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.WaveSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the release knows of one wave. Its state changes only through the transitions below, each named after
 * what happened.
 */
public final class WaveTracker {

  private final WaveSpec spec;
  private final int index;
  private final List<RegionTracker> regions = new ArrayList<>();
  private WaveState state = WaveState.PENDING;
  /** When the wait it is in ends (a deployment window opens, a bake ends); null when it is not waiting. */
  private Instant waitUntil;
  private Instant startedAt;
  private Instant endedAt;

  WaveTracker(WaveSpec spec, int index) {
    this.spec = spec;
    this.index = index;
    for (Region r : spec.regions()) {
      regions.add(new RegionTracker(r));
    }
  }

  /** Its gate waits for a decision. */
  void awaitingApproval() {
    state = WaveState.AWAITING_APPROVAL;
  }

  /** It waits for a deployment window that opens at {@code opens}. */
  void waitingForWindow(Instant opens) {
    state = WaveState.WAITING_FOR_WINDOW;
    waitUntil = opens;
  }

  /** The deployment window it waited for opened. */
  void windowOpened() {
    waitUntil = null;
  }

  /** Its regions deploy; the first time, the wave's start is kept (a retry keeps it). */
  void deploying(Instant now) {
    state = WaveState.DEPLOYING;
    if (startedAt == null) {
      startedAt = now;
    }
  }

  /** Its bake begins. */
  void baking() {
    state = WaveState.BAKING;
  }

  /** A round of its bake runs until {@code until}. */
  void bakingUntil(Instant until) {
    waitUntil = until;
  }

  /** Its bake ended. */
  void baked() {
    waitUntil = null;
  }

  /** Its regions serve the new version, baked (or it had no bake): it is done. */
  void done(Instant now) {
    state = WaveState.DONE;
    endedAt = now;
  }

  /**
   * The release stopped: a wave still waiting or deploying, none of whose regions was read yet, is cancelled
   * (nothing of it changed); its pending regions are skipped.
   */
  void stopped() {
    boolean inFlight = state == WaveState.AWAITING_APPROVAL || state == WaveState.WAITING_FOR_WINDOW
        || state == WaveState.DEPLOYING || state == WaveState.BAKING || state == WaveState.PENDING;
    for (RegionTracker r : regions) {
      r.skippedIfPending();
    }
    if (inFlight && regions.stream().noneMatch(r -> r.rollbackTarget() != null)) {
      state = WaveState.CANCELLED;
      waitUntil = null;
    }
  }

  /** Its regions' undos run. */
  public void rollingBack() {
    state = WaveState.ROLLING_BACK;
  }

  /** Its regions' undos ran: rolled back, or ROLLBACK_FAILED when any region's failed. */
  public void rollbackEnded() {
    boolean failed = regions.stream().anyMatch(r -> r.state() == RegionState.ROLLBACK_FAILED);
    state = failed ? WaveState.ROLLBACK_FAILED : WaveState.ROLLED_BACK;
  }

  public WaveSpec spec() {
    return spec;
  }

  /** Its place in the release, from 0. */
  public int index() {
    return index;
  }

  public List<RegionTracker> regions() {
    return Collections.unmodifiableList(regions);
  }

  WaveState state() {
    return state;
  }

  Instant waitUntil() {
    return waitUntil;
  }

  Instant startedAt() {
    return startedAt;
  }

  WaveStatus toStatus() {
    return new WaveStatus(spec.name(), state, regions.stream().map(RegionTracker::toStatus).toList(),
        spec.bake(), waitUntil, startedAt, endedAt);
  }
}
