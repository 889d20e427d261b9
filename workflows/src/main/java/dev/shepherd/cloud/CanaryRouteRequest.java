package dev.shepherd.cloud;

import dev.shepherd.spec.CanaryWeight;

/**
 * Canary routing for an alias.
 *
 * @param alias the alias
 * @param stableVersion the version that keeps the main share
 * @param canaryVersion the new version
 * @param weight the new version's share
 */
public record CanaryRouteRequest(AliasRef alias, String stableVersion, String canaryVersion, CanaryWeight weight) {}
