package dev.shepherd.cloud;

import java.util.List;

/**
 * The rollback targets read for a {@link RollbackTargetsRequest}.
 *
 * @param targets where each alias pointed, in the order of the request's aliases
 */
public record RollbackTargets(List<RollbackTarget> targets) {}
