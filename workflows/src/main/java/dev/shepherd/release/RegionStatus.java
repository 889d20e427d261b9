package dev.shepherd.release;

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
 */
public record RegionStatus(
    Region region,
    RegionState state,
    String version,
    String previousVersion,
    String newVersion,
    int weight,
    String detail,
    String foundVersion) {}
