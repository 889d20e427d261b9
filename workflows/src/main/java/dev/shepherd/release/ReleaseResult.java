package dev.shepherd.release;

import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;

/**
 * The result of a release that reached {@link ReleasePhase#RELEASED}. Releases that fail end the
 * workflow with a failure instead (its type a {@link FailureType}), whose details are their final status.
 *
 * @param status the final status
 */
public record ReleaseResult(ReleaseStatus status) {}
