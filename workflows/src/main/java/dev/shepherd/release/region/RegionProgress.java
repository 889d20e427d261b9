package dev.shepherd.release.region;

import dev.shepherd.release.status.RegionState;
import dev.shepherd.spec.Region;

/**
 * A region deployment's report to its release: sent when the rollback target is captured (before
 * anything changes) and when the canary takes traffic.
 *
 * @param region the region
 * @param state where it is
 * @param previousVersion the rollback target
 * @param newVersion the version published, once known
 * @param weight the new version's share of traffic, in percent
 */
public record RegionProgress(Region region, RegionState state, String previousVersion, String newVersion, int weight) {}
