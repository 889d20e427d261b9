package dev.shepherd.release.region;

import dev.shepherd.spec.Region;

/**
 * A region on the new version.
 *
 * @param region the region
 * @param previousVersion the version before (the rollback target)
 * @param newVersion the version now serving all traffic
 * @param report the canary analysis verdicts and hook runs on the way; null in histories from before them
 */
public record RegionDeploymentResult(Region region, String previousVersion, String newVersion, RegionReport report) {

  public RegionDeploymentResult(Region region, String previousVersion, String newVersion) {
    this(region, previousVersion, newVersion, null);
  }
}
