package dev.shepherd.cloud;

/**
 * A flag undo: put the flag back as it was, but only if it still holds the value this release wrote.
 *
 * @param target the flag
 * @param previous what it was before the release; absent means delete it
 * @param written the value this release wrote; a flag holding anything else is left alone
 */
public record FlagRestore(FlagLocation target, FlagValue previous, String written) {}
