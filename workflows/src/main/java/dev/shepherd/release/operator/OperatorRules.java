package dev.shepherd.release.operator;

import dev.shepherd.release.status.GateState;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.story.GateTracker;
import dev.shepherd.release.story.ReleaseState;
import dev.shepherd.identity.Proof;
import dev.shepherd.identity.Statement;
import dev.shepherd.identity.VerifiedPrincipal;
import java.util.List;
import java.util.Locale;

/**
 * The rules for what an operator may do, as pure functions of the release's state: each returns why an
 * action is refused, or null when it is allowed. Update validators, update handlers and signal handlers
 * all ask the same function, so an action is judged the same way however it arrives.
 */
public final class OperatorRules {

  private OperatorRules() {}

  /**
   * Why the decision is refused, or null when it is allowed.
   *
   * @param who the verified sender; null before verification, when only what does not depend on who sent it
   *     is judged (and, for a release from before verified identity, the names as given)
   */
  static String decision(ReleaseState s, GateDecision d, boolean approving, VerifiedPrincipal who) {
    String verb = approving ? "approve" : "reject";
    if (d == null) {
      return "the message is empty; send {\"gate\": ..., \"actor\": ..., \"comment\": ...}";
    }
    String malformed = actor(d.actor(), "deciding");
    if (malformed == null) malformed = text(d.comment(), "comment");
    if (malformed == null) malformed = name(d.gate(), "gate");
    if (malformed == null && who == null) {
      // Before verification only: once verified, the release has taken the proof's nonce itself.
      malformed = replayed(s, d.proof());
    }
    if (malformed != null) {
      return malformed;
    }
    if (s.phase().isFinal() || s.phase() == ReleasePhase.ROLLING_BACK || s.phase() == ReleasePhase.ROLLBACK_FAILED
        || s.abortedBy() != null) {
      return "the release is " + (s.abortedBy() != null && !s.phase().isFinal() ? "aborted" : s.phase())
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
    if (gate.state().isDecided()) {
      return "gate " + gate.name() + " was already " + gate.state().name().toLowerCase(Locale.ROOT)
          + (gate.decidedBy() != null ? " by " + gate.decidedBy() : "") + " at " + gate.decidedAt();
    }
    if (gate.state() != GateState.WAITING) {
      return "gate " + gate.name() + " is not waiting for a decision yet; it opens when the release reaches it";
    }
    if (s.checksIdentity()) {
      return verifiedDecision(s, d, gate, approving, who);
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

  /** The identity rules of a decision: a proof when the policy wants one, then who may decide. */
  private static String verifiedDecision(ReleaseState s, GateDecision d, GateTracker gate, boolean approving,
      VerifiedPrincipal who) {
    String proof = proof(s, d.proof());
    if (proof != null) {
      return proof;
    }
    if (!approving && blank(d.comment())) {
      return "a reason is required to reject";
    }
    if (who == null && d.proof() == null && s.policy() == null) {
      // Without a policy a name is taken as given: judge it now, so that a refusal records nothing.
      who = Identity.asGiven(d.actor());
    }
    boolean selfApproval = s.policy() != null && s.policy().selfApproval();
    String name = who != null ? who.name() : d.actor();
    if (approving && !selfApproval && name.equals(s.initiatorName())) {
      return (who != null && !who.name().equals(d.actor()) ? d.actor() + " is " + who.describe() + ", who" : name)
          + " started this release and may not approve it; another approver must (four eyes)";
    }
    if (who == null) {
      return null;
    }
    List<String> approvers = approvers(s, gate.name());
    if (approving && !approvers.contains(who.name())) {
      return named(who) + " is not an approver of gate " + gate.name() + " of " + s.spec.application()
          + " (approvers: " + (approvers.isEmpty() ? "nobody" : String.join(", ", approvers)) + ")";
    }
    if (!approving && !approvers.contains(who.name()) && !who.name().equals(s.initiatorName())) {
      return named(who) + " may not reject: only the approvers of gate " + gate.name() + " ("
          + String.join(", ", approvers) + ") and the initiator can";
    }
    return null;
  }

  /**
   * Who may approve a gate: the policy's approvers of it, narrowed to the spec's approvers when the spec
   * names any (a spec narrows the policy, never widens it); the spec's approvers when there is no policy.
   */
  static List<String> approvers(ReleaseState s, String gate) {
    if (s.policy() == null) {
      return s.spec.approvers();
    }
    List<String> allowed = s.policy().approversOf(gate);
    if (s.spec.approvers().isEmpty()) {
      return allowed;
    }
    return allowed.stream().filter(s.spec.approvers()::contains).toList();
  }

  /** Why a proof is refused as one already taken (a replay), before anything else is judged; or null. */
  static String replayed(ReleaseState s, Proof proof) {
    if (proof == null || blank(proof.statement())) {
      return null;
    }
    try {
      String nonce = Statement.parse(proof.statement()).nonce();
      return s.nonceTaken(nonce) ? "proof: this signed statement was already used (nonce "
          + clipped(nonce) + "); sign a new one for each message" : null;
    } catch (IllegalArgumentException unreadable) {
      return null;
    }
  }

  /** Whether a message's proof can be taken before it is verified: present when required, readable, new. */
  static String proof(ReleaseState s, Proof proof) {
    if (proof == null) {
      return s.insecureAllowed() ? null : "a proof of identity is required by the release policy ("
          + s.policy().digest() + "); sign it with shepherd --identity ssh or aws, as the policy accepts";
    }
    if (blank(proof.method()) || blank(proof.statement())) {
      return "proof: the method and the signed statement are required";
    }
    try {
      Statement.parse(proof.statement());
    } catch (IllegalArgumentException unreadable) {
      return "proof: " + unreadable.getMessage();
    }
    return null;
  }

  /**
   * Whether the verified sender may abort, retry, roll back or abandon: without a policy anyone may; with
   * one, the initiator, the application's starters and its approvers.
   */
  static String operator(ReleaseState s, VerifiedPrincipal who, String verb) {
    if (s.policy() == null || who.name().equals(s.initiatorName()) || s.policy().starters().contains(who.name())
        || s.policy().approvers().values().stream().anyMatch(list -> list.contains(who.name()))) {
      return null;
    }
    return named(who) + " may not " + verb + " releases of " + s.spec.application()
        + ": only its initiator, the people who may start it and its approvers may (release policy "
        + s.policy().digest() + ")";
  }

  /** A verified sender with how they were verified ({@code bob (ssh key SHA256:...)}); an unverified one by name. */
  private static String named(VerifiedPrincipal who) {
    return who.verified() ? who.describe() : who.name();
  }

  private static String clipped(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  /** The gate a decision is about: the named one, or the one waiting now. */
  static GateTracker gateFor(ReleaseState s, GateDecision d) {
    if (blank(d.gate())) {
      return s.gates.values().stream().filter(g -> g.state() == GateState.WAITING).findFirst().orElse(null);
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

  static String retry(ReleaseState s, OperatorAction a) {
    String malformed = action(a, "retrying");
    if (malformed != null) {
      return malformed;
    }
    if (s.abortedBy() != null) {
      return "the release was aborted by " + s.abortedBy().actor() + "; there is nothing to retry";
    }
    if (s.phase() != ReleasePhase.PAUSED || s.pauseAnswer() != null) {
      String hint = s.phase() == ReleasePhase.ROLLBACK_FAILED ? "; to retry the rollback, use rollback" : "";
      return "the release is not paused (phase " + s.phase() + "); retry applies to a paused release" + hint;
    }
    return null;
  }

  static String rollback(ReleaseState s, OperatorAction a) {
    String malformed = action(a, "rolling back");
    if (malformed != null) {
      return malformed;
    }
    if (s.phase() == ReleasePhase.ROLLBACK_FAILED) {
      return s.rollbackAgain() ? "a rollback of what is left was already requested" : null;
    }
    if (s.phase() == ReleasePhase.PAUSED && s.pauseAnswer() == null && s.abortedBy() == null) {
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
    if (s.phase() != ReleasePhase.ROLLBACK_FAILED) {
      return "only a release in ROLLBACK_FAILED can be abandoned; this one is " + s.phase()
          + (s.phase().isFinal() ? " and has ended" : "; abort or roll it back instead");
    }
    return null;
  }

  private static String running(ReleaseState s, String verb) {
    if (s.abortedBy() != null) {
      return "the release was already aborted by " + s.abortedBy().actor();
    }
    if (s.phase().isFinal()) {
      return "the release has ended (" + s.phase() + "); nothing to do";
    }
    if (s.phase() == ReleasePhase.ROLLING_BACK || s.forcedHalt() != null) {
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

  /** The identity rules of an operator action, before and after verification. */
  static String actionBy(ReleaseState s, OperatorAction a, VerifiedPrincipal who, String verb) {
    if (!s.checksIdentity()) {
      return null;
    }
    String proof = proof(s, a.proof());
    if (proof != null || who == null) {
      return proof;
    }
    return operator(s, who, verb);
  }

  /** A principal name: 1 to 64 letters, digits and {@code . @ _ + -}. */
  public static String actor(String actor, String doing) {
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
      sb.append(sb.isEmpty() ? "" : ", ").append(g.name()).append(' ').append(g.state());
    }
    return sb.toString();
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
