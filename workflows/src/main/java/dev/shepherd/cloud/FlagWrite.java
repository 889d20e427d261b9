package dev.shepherd.cloud;

/**
 * A value to set.
 *
 * @param target the flag
 * @param value the value
 */
public record FlagWrite(FlagLocation target, String value) {}
