package dev.shepherd.release;

import java.time.Instant;

/** One approval gate. */
final class GateTracker {

  final String name;
  GateState state = GateState.PENDING;
  String decidedBy;
  /** How the decider was verified; null for releases from before verified identity. */
  dev.shepherd.identity.VerifiedPrincipal decider;
  String comment;
  Instant waitingSince;
  Instant decidedAt;
  Instant timeoutAt;

  GateTracker(String name) {
    this.name = name;
  }

  /** An operator's decision; {@code verified} keeps how the decider was verified. */
  void decided(GateState decision, dev.shepherd.identity.VerifiedPrincipal who, boolean verified, String comment,
      Instant at) {
    state = decision;
    decidedBy = who.name();
    decider = verified ? who : null;
    this.comment = comment;
    decidedAt = at;
  }

  GateStatus toStatus() {
    return new GateStatus(name, state, decidedBy, comment, waitingSince, decidedAt, timeoutAt, decider);
  }
}
