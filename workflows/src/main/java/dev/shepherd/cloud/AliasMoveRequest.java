package dev.shepherd.cloud;

/**
 * Moves an alias to a version with all traffic.
 *
 * @param alias the alias
 * @param version the version it should point at
 */
public record AliasMoveRequest(AliasRef alias, String version) {}
