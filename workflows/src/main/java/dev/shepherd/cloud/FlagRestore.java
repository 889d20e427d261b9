package dev.shepherd.cloud;

/**
 * A flag to put back.
 *
 * @param target the flag
 * @param previous what it was before the release; absent means delete it
 */
public record FlagRestore(FlagTarget target, FlagValue previous) {}
