package dev.shepherd.cloud;

/**
 * Moves an alias to a version with all traffic. The alias must be where the previous step left it (or
 * already on the version, on a retry); an alias moved by someone else fails the step with
 * {@code ALIAS_MOVED}.
 *
 * @param alias the alias
 * @param version the version it should point at
 * @param expected where the alias must point before the move
 */
public record AliasMoveRequest(AliasRef alias, String version, AliasState expected) {}
