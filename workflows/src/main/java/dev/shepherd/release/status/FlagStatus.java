package dev.shepherd.release.status;

import java.time.Instant;

/**
 * The feature flag.
 *
 * @param target what and where it is
 * @param state where it is
 * @param value the value the release sets
 * @param previousValue the value before the release, as it was (no quoting); null until captured, and when
 *     the flag did not exist before the release (see {@code previousAbsent})
 * @param previousAbsent whether the flag did not exist before the release (a rollback deletes it); false
 *     until captured
 * @param bakeUntil when the flag's bake ends, while it bakes; null otherwise
 */
public record FlagStatus(String target, FlagState state, String value, String previousValue,
    boolean previousAbsent, Instant bakeUntil) {}
