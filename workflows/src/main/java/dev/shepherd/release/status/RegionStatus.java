package dev.shepherd.release.status;

import java.util.List;

import dev.shepherd.spec.Region;

/**
 * A region.
 *
 * @param region the region
 * @param state where it is
 * @param version the version the alias mainly serves now, as far as the release knows
 * @param previousVersion the alias's version before the release touched it: the rollback target
 * @param newVersion the version published by this release
 * @param weight the new version's share of the alias's traffic, in percent
 * @param detail what went wrong, when something did
 * @param foundVersion for a {@link RegionState#DRIFTED} region, what the alias served when the rollback
 *     found it moved; null otherwise
 * @param analysis the canary analysis verdicts on this region, oldest first; empty without analysis
 * @param hooks the smoke-test hooks run in this region, in order; empty without hooks
 */
public record RegionStatus(
    Region region,
    RegionState state,
    String version,
    String previousVersion,
    String newVersion,
    int weight,
    String detail,
    String foundVersion,
    List<RegionAnalysis> analysis,
    List<HookRun> hooks) {

  public RegionStatus {
    analysis = analysis == null ? List.of() : List.copyOf(analysis);
    hooks = hooks == null ? List.of() : List.copyOf(hooks);
  }

  public RegionStatus(Region region, RegionState state, String version, String previousVersion, String newVersion,
      int weight, String detail, String foundVersion) {
    this(region, state, version, previousVersion, newVersion, weight, detail, foundVersion, null, null);
  }
}
