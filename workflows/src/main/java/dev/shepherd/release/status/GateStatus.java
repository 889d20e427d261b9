package dev.shepherd.release.status;

import dev.shepherd.identity.VerifiedPrincipal;
import java.time.Instant;

/**
 * An approval gate.
 *
 * @param name the gate (a wave's name, or {@code flag})
 * @param state where it is
 * @param decidedBy who approved or rejected it (the verified principal), or null
 * @param comment their comment, or null
 * @param waitingSince when it started waiting, or null
 * @param decidedAt when it was decided or timed out, or null
 * @param timeoutAt when it times out (counting as a rejection) unless decided first; null before it waits
 * @param decider how the decider was verified (or that they were not); null when undecided, and for
 *     releases from before verified identity
 */
public record GateStatus(String name, GateState state, String decidedBy, String comment, Instant waitingSince,
    Instant decidedAt, Instant timeoutAt, VerifiedPrincipal decider) {

  /** A gate without a verified decider. */
  public GateStatus(String name, GateState state, String decidedBy, String comment, Instant waitingSince,
      Instant decidedAt, Instant timeoutAt) {
    this(name, state, decidedBy, comment, waitingSince, decidedAt, timeoutAt, null);
  }
}
