package dev.shepherd.release.story;

import dev.shepherd.release.status.GateState;
import dev.shepherd.release.status.GateStatus;
import java.time.Instant;

/** One approval gate. */
public final class GateTracker {

  public final String name;
  public GateState state = GateState.PENDING;
  public String decidedBy;
  /** How the decider was verified; null for releases from before verified identity. */
  dev.shepherd.identity.VerifiedPrincipal decider;
  String comment;
  Instant waitingSince;
  public Instant decidedAt;
  Instant timeoutAt;

  GateTracker(String name) {
    this.name = name;
  }

  /** An operator's decision; {@code verified} keeps how the decider was verified. */
  public void decided(GateState decision, dev.shepherd.identity.VerifiedPrincipal who, boolean verified, String comment,
      Instant at) {
    state = decision;
    decidedBy = who.name();
    decider = verified ? who : null;
    this.comment = comment;
    decidedAt = at;
  }

  public GateStatus toStatus() {
    return new GateStatus(name, state, decidedBy, comment, waitingSince, decidedAt, timeoutAt, decider);
  }
}
