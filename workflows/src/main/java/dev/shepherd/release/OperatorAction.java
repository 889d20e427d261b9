package dev.shepherd.release;

/**
 * An operator's abort, retry or rollback.
 *
 * @param actor who
 * @param reason why (required to abort)
 */
public record OperatorAction(String actor, String reason) {}
