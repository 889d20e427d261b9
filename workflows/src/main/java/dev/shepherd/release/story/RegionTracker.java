package dev.shepherd.release.story;

import dev.shepherd.cloud.RollbackTarget;
import dev.shepherd.release.rollback.Undo;
import dev.shepherd.release.status.HookRun;
import dev.shepherd.release.status.RegionAnalysis;
import dev.shepherd.release.status.RegionState;
import dev.shepherd.release.status.RegionStatus;
import dev.shepherd.spec.Region;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the release knows of one region of a wave. Its state changes only through the transitions below, each
 * named after what happened; only the release's own steps call them, never a message.
 */
public final class RegionTracker {

  private final Region region;
  private RegionState state = RegionState.PENDING;
  /** The version the alias mainly serves, as far as the release knows. */
  private String version;
  /** Captured by the release before the region's deployment began; never from a message. */
  private RollbackTarget rollbackTarget;
  private String newVersion;
  private int weight;
  private String detail;
  private String foundVersion;
  /** Canary analysis verdicts, oldest first. */
  private final List<RegionAnalysis> analysis = new ArrayList<>();
  /** The version a failed deployment of this region had promoted to all traffic; null when none did. */
  private String promoted;
  /** Smoke-test hook runs, in order. */
  private final List<HookRun> hooks = new ArrayList<>();
  /** The undo of this region's alias, registered right after the capture. */
  private Undo undo;

  RegionTracker(Region region) {
    this.region = region;
  }

  // ------------------------------------------------------------------------------------------------
  // Going forward
  // ------------------------------------------------------------------------------------------------

  /** The release read the region's rollback target, and registered its undo, before changing anything. */
  void captured(RollbackTarget target, Undo undo) {
    this.rollbackTarget = target;
    this.version = target.version();
    this.state = RegionState.CAPTURED;
    this.undo = undo;
  }

  /** Its deployment starts: from here on the region may change, so its undo is armed. */
  void deploying() {
    detail = null;
    state = RegionState.DEPLOYING;
    undo.arm();
  }

  /** Its deployment finished: the region serves {@code version} with all its traffic. */
  void deployed(String version) {
    state = RegionState.DEPLOYED;
    newVersion = version;
    this.version = version;
    weight = 100;
    detail = null;
  }

  /** Its deployment failed (or was stopped), having published {@code published} (null when it had not). */
  void failed(String published, String why) {
    if (published != null) {
      newVersion = published;
    }
    state = RegionState.FAILED;
    detail = why;
  }

  /** The release stopped before this region's deployment began. */
  void skippedIfPending() {
    if (state == RegionState.PENDING) {
      state = RegionState.SKIPPED;
    }
  }

  /** Keeps a verdict; the earlier ones keep their totals and reasons but not their figures per interval. */
  void judged(RegionAnalysis verdict) {
    if (!analysis.isEmpty()) {
      RegionAnalysis last = analysis.get(analysis.size() - 1);
      analysis.set(analysis.size() - 1, new RegionAnalysis(last.phase(), last.verdict().withoutSeries()));
    }
    analysis.add(verdict);
  }

  /** A smoke-test hook ran. */
  void hookRan(HookRun run) {
    hooks.add(run);
  }

  /** A failed deployment had promoted {@code version} to all traffic before it stopped. */
  void promotedBeforeItStopped(String version) {
    promoted = version;
  }

  // ------------------------------------------------------------------------------------------------
  // Rolling back
  // ------------------------------------------------------------------------------------------------

  /** Its undo runs. */
  public void rollingBack() {
    state = RegionState.ROLLING_BACK;
  }

  /** Its undo put the alias back on the rollback target ({@code why} says when there was nothing to undo). */
  public void rolledBack(String why) {
    state = RegionState.ROLLED_BACK;
    version = rollbackVersion();
    weight = 0;
    detail = why;
  }

  /** Its undo found the alias changed by someone else since, on {@code found}, and left it alone. */
  public void drifted(String found, String why) {
    state = RegionState.DRIFTED;
    foundVersion = found;
    detail = why;
  }

  /** Its undo failed permanently: a person must act. */
  public void rollbackFailed(String why) {
    state = RegionState.ROLLBACK_FAILED;
    detail = why;
  }

  // ------------------------------------------------------------------------------------------------
  // Reading
  // ------------------------------------------------------------------------------------------------

  public Region region() {
    return region;
  }

  public RegionState state() {
    return state;
  }

  /** The version this release published here; null until it has published one. */
  public String newVersion() {
    return newVersion;
  }

  /** Why the region is where it is, when that needs saying; null otherwise. */
  public String detail() {
    return detail;
  }

  public RollbackTarget rollbackTarget() {
    return rollbackTarget;
  }

  public String rollbackVersion() {
    return rollbackTarget == null ? null : rollbackTarget.version();
  }

  /** The version its failed deployment had promoted before it stopped; null when none did. */
  String promoted() {
    return promoted;
  }

  int weight() {
    return weight;
  }

  String foundVersion() {
    return foundVersion;
  }

  List<RegionAnalysis> analysis() {
    return Collections.unmodifiableList(analysis);
  }

  List<HookRun> hooks() {
    return Collections.unmodifiableList(hooks);
  }

  RegionStatus toStatus() {
    return new RegionStatus(region, state, version, rollbackVersion(), newVersion, weight, detail, foundVersion,
        analysis, hooks);
  }
}
