package dev.shepherd.release.story;

import dev.shepherd.release.rollback.Undo;
import dev.shepherd.release.status.HookRun;
import dev.shepherd.release.status.RegionAnalysis;
import dev.shepherd.release.status.RegionState;
import dev.shepherd.release.status.RegionStatus;
import dev.shepherd.cloud.RollbackTarget;
import dev.shepherd.spec.Region;

/** What the release knows of one region. Only the release's own steps write it. */
public final class RegionTracker {

  public final Region region;
  public RegionState state = RegionState.PENDING;
  /** The version the alias mainly serves, as far as the release knows. */
  public String version;
  /** Captured by the release before the region's deployment began; never from a message. */
  public RollbackTarget rollbackTarget;
  public String newVersion;
  public int weight;
  public String detail;
  public String foundVersion;
  /** Canary analysis verdicts, oldest first. */
  final java.util.List<RegionAnalysis> analysis = new java.util.ArrayList<>();
  /** Keeps a verdict; the earlier ones keep their totals and reasons but not their figures per interval. */
  void judged(RegionAnalysis verdict) {
    if (!analysis.isEmpty()) {
      RegionAnalysis last = analysis.get(analysis.size() - 1);
      analysis.set(analysis.size() - 1, new RegionAnalysis(last.phase(), last.verdict().withoutSeries()));
    }
    analysis.add(verdict);
  }

  /** The version a failed deployment of this region had promoted to all traffic; null when none did. */
  String promoted;
  /** Smoke-test hook runs, in order. */
  final java.util.List<HookRun> hooks = new java.util.ArrayList<>();
  /** The undo of this region's alias, registered right after the capture. */
  Undo undo;

  RegionTracker(Region region) {
    this.region = region;
  }

  public String rollbackVersion() {
    return rollbackTarget == null ? null : rollbackTarget.version();
  }

  RegionStatus toStatus() {
    return new RegionStatus(region, state, version, rollbackVersion(), newVersion, weight, detail, foundVersion,
        analysis, hooks);
  }
}
