package dev.shepherd.release;

import dev.shepherd.spec.Region;

/**
 * A region on the new version.
 *
 * @param region the region
 * @param previousVersion the version before (the rollback target)
 * @param newVersion the version now serving all traffic
 */
public record RegionDeploymentResult(Region region, String previousVersion, String newVersion) {}
