package dev.shepherd.cloud;

import dev.shepherd.spec.CanaryWeight;

/**
 * Canary routing for an alias. The alias must still be where the release found it (or already routed
 * as asked, on a retry); an alias moved by someone else fails the step with {@code ALIAS_MOVED}.
 *
 * @param alias the alias
 * @param stableVersion the version that keeps the main share
 * @param canaryVersion the new version
 * @param weight the new version's share
 * @param expected where the alias must point before the change: the rollback target's state
 */
public record CanaryRouteRequest(AliasRef alias, String stableVersion, String canaryVersion, CanaryWeight weight,
    AliasState expected) {}
