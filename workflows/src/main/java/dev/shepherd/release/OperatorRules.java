package dev.shepherd.release;

import java.util.Locale;

/**
 * The rules for what an operator may do, as pure functions of the release's state: each returns why an
 * action is refused, or null when it is allowed. Update validators, update handlers and signal handlers
 * all ask the same function, so an action is judged the same way however it arrives.
 */
final class OperatorRules {

  private OperatorRules() {}

  /** Why the decision is refused, or null when it is allowed. */
  static String decision(ReleaseState s, GateDecision d, boolean approving) {
    String verb = approving ? "approve" : "reject";
    if (d == null) {
      return "the message is empty; send {\"gate\": ..., \"actor\": ..., \"comment\": ...}";
    }
    String malformed = actor(d.actor(), "deciding");
    if (malformed == null) malformed = text(d.comment(), "comment");
    if (malformed == null) malformed = name(d.gate(), "gate");
    if (malformed != null) {
      return malformed;
    }
    if (s.phase.isFinal() || s.phase == ReleasePhase.ROLLING_BACK || s.phase == ReleasePhase.ROLLBACK_FAILED
        || s.abortedBy != null) {
      return "the release is " + (s.abortedBy != null && !s.phase.isFinal() ? "aborted" : s.phase)
          + "; there is nothing to " + verb;
    }
    if (s.gates.isEmpty()) {
      return "this release has no approval gates";
    }
    GateTracker gate = gateFor(s, d);
    if (gate == null) {
      return blank(d.gate())
          ? "no gate is waiting for a decision now (gates: " + gateSummary(s) + ")"
          : "there is no gate named \"" + d.gate() + "\" (gates: " + String.join(", ", s.gates.keySet()) + ")";
    }
    if (gate.state.isDecided()) {
      return "gate " + gate.name + " was already " + gate.state.name().toLowerCase(Locale.ROOT)
          + (gate.decidedBy != null ? " by " + gate.decidedBy : "") + " at " + gate.decidedAt;
    }
    if (gate.state != GateState.WAITING) {
      return "gate " + gate.name + " is not waiting for a decision yet; it opens when the release reaches it";
    }
    String initiator = s.request.initiator();
    if (approving) {
      if (d.actor().equals(initiator)) {
        return d.actor() + " started this release and may not approve it; another approver must (four eyes)";
      }
      if (!s.spec.approvers().contains(d.actor())) {
        return d.actor() + " is not an approver of " + s.spec.application() + " (approvers: "
            + String.join(", ", s.spec.approvers()) + ")";
      }
    } else {
      if (!d.actor().equals(initiator) && !s.spec.approvers().contains(d.actor())) {
        return d.actor() + " may not reject: only the approvers (" + String.join(", ", s.spec.approvers())
            + ") and the initiator can";
      }
      if (blank(d.comment())) {
        return "a reason is required to reject";
      }
    }
    return null;
  }

  /** The gate a decision is about: the named one, or the one waiting now. */
  static GateTracker gateFor(ReleaseState s, GateDecision d) {
    if (blank(d.gate())) {
      return s.gates.values().stream().filter(g -> g.state == GateState.WAITING).findFirst().orElse(null);
    }
    return s.gates.get(d.gate());
  }

  static String abort(ReleaseState s, OperatorAction a) {
    String malformed = action(a, "aborting");
    if (malformed != null) {
      return malformed;
    }
    if (blank(a.reason())) {
      return "a reason is required to abort";
    }
    return running(s, "aborted");
  }

  static String retry(ReleaseState s, OperatorAction a, boolean pauseAnswered) {
    String malformed = action(a, "retrying");
    if (malformed != null) {
      return malformed;
    }
    if (s.abortedBy != null) {
      return "the release was aborted by " + s.abortedBy.actor() + "; there is nothing to retry";
    }
    if (s.phase != ReleasePhase.PAUSED || pauseAnswered) {
      String hint = s.phase == ReleasePhase.ROLLBACK_FAILED ? "; to retry the rollback, use rollback" : "";
      return "the release is not paused (phase " + s.phase + "); retry applies to a paused release" + hint;
    }
    return null;
  }

  static String rollback(ReleaseState s, OperatorAction a, boolean pauseAnswered, boolean rollbackAgainRequested) {
    String malformed = action(a, "rolling back");
    if (malformed != null) {
      return malformed;
    }
    if (s.phase == ReleasePhase.ROLLBACK_FAILED) {
      return rollbackAgainRequested ? "a rollback of what is left was already requested" : null;
    }
    if (s.phase == ReleasePhase.PAUSED && !pauseAnswered && s.abortedBy == null) {
      return null;
    }
    return running(s, "rolled back");
  }

  static String abandon(ReleaseState s, OperatorAction a) {
    String malformed = action(a, "abandoning");
    if (malformed != null) {
      return malformed;
    }
    if (blank(a.reason())) {
      return "a reason is required to abandon a release (it is kept in the audit log)";
    }
    if (s.phase != ReleasePhase.ROLLBACK_FAILED) {
      return "only a release in ROLLBACK_FAILED can be abandoned; this one is " + s.phase
          + (s.phase.isFinal() ? " and has ended" : "; abort or roll it back instead");
    }
    return null;
  }

  private static String running(ReleaseState s, String verb) {
    if (s.abortedBy != null) {
      return "the release was already aborted by " + s.abortedBy.actor();
    }
    if (s.phase.isFinal()) {
      return "the release has ended (" + s.phase + "); nothing to do";
    }
    if (s.phase == ReleasePhase.ROLLING_BACK || s.forcedHalt != null) {
      return "the release is already rolling back; it can no longer be " + verb;
    }
    return null;
  }

  private static String action(OperatorAction a, String doing) {
    if (a == null) {
      return "the message is empty; send {\"actor\": ..., \"reason\": ...}";
    }
    String malformed = actor(a.actor(), doing);
    return malformed != null ? malformed : text(a.reason(), "reason");
  }

  /** A principal name: 1 to 64 letters, digits and {@code . @ _ + -}. */
  static String actor(String actor, String doing) {
    if (blank(actor)) {
      return "who is " + doing + "? give the actor's name";
    }
    if (actor.length() > OperatorInput.MAX_NAME) {
      return "actor: at most " + OperatorInput.MAX_NAME + " characters (got " + actor.length() + ")";
    }
    if (OperatorInput.firstNonNameCharacter(actor) >= 0) {
      return "actor: only letters, digits and . @ _ + - are allowed";
    }
    return null;
  }

  static String text(String text, String field) {
    if (text == null) {
      return null;
    }
    if (text.length() > OperatorInput.MAX_TEXT) {
      return field + ": at most " + OperatorInput.MAX_TEXT + " characters (got " + text.length() + ")";
    }
    if (OperatorInput.firstControlCharacter(text) >= 0) {
      return field + ": control characters (newlines, tabs, escapes) are not allowed";
    }
    return null;
  }

  private static String name(String name, String field) {
    if (name != null && name.length() > OperatorInput.MAX_NAME) {
      return field + ": at most " + OperatorInput.MAX_NAME + " characters (got " + name.length() + ")";
    }
    return name == null ? null : text(name, field);
  }

  /** What to write in the audit log as the actor of a refused message. */
  static String auditActor(String actor) {
    if (blank(actor)) {
      return "(unnamed)";
    }
    return actor(actor, "") == null ? actor : "(invalid name)";
  }

  private static String gateSummary(ReleaseState s) {
    StringBuilder sb = new StringBuilder();
    for (GateTracker g : s.gates.values()) {
      sb.append(sb.isEmpty() ? "" : ", ").append(g.name).append(' ').append(g.state);
    }
    return sb.toString();
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
