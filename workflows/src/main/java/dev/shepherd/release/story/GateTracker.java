package dev.shepherd.release.story;

import dev.shepherd.identity.VerifiedPrincipal;
import dev.shepherd.release.status.GateState;
import dev.shepherd.release.status.GateStatus;
import java.time.Instant;

/**
 * One approval gate. Its state changes only through the transitions below: it opens, then is decided by a
 * person, times out, or is cancelled when the release stops first.
 */
public final class GateTracker {

  private final String name;
  private GateState state = GateState.PENDING;
  private String decidedBy;
  /** How the decider was verified; null for releases from before verified identity. */
  private VerifiedPrincipal decider;
  private String comment;
  private Instant waitingSince;
  private Instant decidedAt;
  private Instant timeoutAt;

  GateTracker(String name) {
    this.name = name;
  }

  /** The release reached the gate: it waits for a decision until {@code timeoutAt}. */
  void opened(Instant now, Instant timeoutAt) {
    state = GateState.WAITING;
    waitingSince = now;
    this.timeoutAt = timeoutAt;
  }

  /** An operator's decision; {@code verified} keeps how the decider was verified. */
  public void decided(GateState decision, VerifiedPrincipal who, boolean verified, String comment, Instant at) {
    state = decision;
    decidedBy = who.name();
    decider = verified ? who : null;
    this.comment = comment;
    decidedAt = at;
  }

  /** Nobody decided before the approval timeout. */
  void timedOut(Instant now) {
    state = GateState.TIMED_OUT;
    decidedAt = now;
  }

  /** The release stopped while the gate waited. */
  void cancelledIfWaiting(Instant now) {
    if (state == GateState.WAITING) {
      state = GateState.CANCELLED;
      decidedAt = now;
    }
  }

  public String name() {
    return name;
  }

  public GateState state() {
    return state;
  }

  public String decidedBy() {
    return decidedBy;
  }

  public Instant decidedAt() {
    return decidedAt;
  }

  String comment() {
    return comment;
  }

  VerifiedPrincipal decider() {
    return decider;
  }

  Instant waitingSince() {
    return waitingSince;
  }

  Instant timeoutAt() {
    return timeoutAt;
  }

  public GateStatus toStatus() {
    return new GateStatus(name, state, decidedBy, comment, waitingSince, decidedAt, timeoutAt, decider);
  }
}
