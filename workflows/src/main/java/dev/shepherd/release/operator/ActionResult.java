package dev.shepherd.release.operator;

import dev.shepherd.release.status.ReleasePhase;

/**
 * What an accepted operator action did.
 *
 * @param message in words
 * @param phase the release's phase right after it
 */
public record ActionResult(String message, ReleasePhase phase) {}
