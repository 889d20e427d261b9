package dev.shepherd.release;

/**
 * The feature flag.
 *
 * @param target what and where it is
 * @param state where it is
 * @param value the value the release sets
 * @param previousValue the value before the release, or {@code (absent)}; null until captured
 */
public record FlagStatus(String target, FlagState state, String value, String previousValue) {}
