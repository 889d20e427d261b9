package dev.shepherd.release.operator;

import dev.shepherd.release.FailureType;
import dev.shepherd.release.ReleaseWorkflow;
import dev.shepherd.release.status.GateState;
import dev.shepherd.release.status.GateStatus;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.story.GateTracker;
import dev.shepherd.release.story.Halt;
import dev.shepherd.release.story.ReleaseMetrics;
import dev.shepherd.release.story.ReleaseState;
import dev.shepherd.release.story.StepRunner;
import dev.shepherd.cloud.NotificationKind;
import dev.shepherd.identity.Proof;
import dev.shepherd.identity.Verdict;
import dev.shepherd.identity.VerifiedPrincipal;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * What operators send a release, by Update or by Signal: approve, reject, abort, retry, rollback, abandon.
 * Each message is one {@link Message}: one rule ({@link OperatorRules}) that judges it and one act. Every way
 * in takes the same path: the rule, then who sent it (verified by the worker), then the rule again with the
 * sender (verification waits, and the release may have moved meanwhile), then the act. An update's validator
 * asks the rule first, so that a refusal writes nothing; a refused signal is audited as ignored, with why.
 *
 * <p>Signals are decoded here, so that no payload can fail a workflow task, and a verified signal waits in a
 * queue (a signal handler may not wait for the verifying local activity), verified one at a time, in the
 * order they came.
 */
public final class OperatorMessages {

  private static final Logger log = Workflow.getLogger(OperatorMessages.class);

  /** Past this much history, signals are refused: the history must keep room for a rollback. */
  static final long SIGNALS_REFUSED_AT_BYTES = 20L * 1024 * 1024;
  static final long SIGNALS_REFUSED_AT_EVENTS = 20_000;
  /** Past this much, the release stops and rolls back while it still can (Temporal ends it at 50 MB / 51,200 events). */
  static final long HALT_AT_BYTES = 35L * 1024 * 1024;
  static final long HALT_AT_EVENTS = 35_000;

  private final ReleaseState state;
  private final Identity identity;
  /** Signals whose senders are being verified, oldest first; see {@link #verifySignals}. */
  private final Deque<PendingSignal> pendingSignals = new ArrayDeque<>();
  private boolean verifyingSignal;
  private boolean signalsClosed;

  public OperatorMessages(ReleaseState state, Identity identity) {
    this.state = state;
    this.identity = identity;
  }

  /**
   * One operator message: what the sender's proof must be bound to, the rule that judges it (with the
   * verified sender, or null before verification) and what it does once accepted.
   */
  record Message<R>(String verb, String gate, String actor, String text, Proof proof,
      Function<VerifiedPrincipal, String> rule, Function<VerifiedPrincipal, R> act) {}

  // ------------------------------------------------------------------------------------------------
  // The messages
  // ------------------------------------------------------------------------------------------------

  /** An approval or rejection, of the gate it names or the one waiting as it arrives. */
  public Message<GateStatus> decision(GateDecision given, boolean approving) {
    GateDecision d = given == null ? null : pinned(given);
    GateState decided = approving ? GateState.APPROVED : GateState.REJECTED;
    return new Message<>(approving ? "approve" : "reject", d == null ? null : d.gate(),
        d == null ? null : d.actor(), d == null ? null : d.comment(), d == null ? null : d.proof(),
        who -> OperatorRules.decision(state, d, approving, who), who -> decide(d, who, decided));
  }

  public Message<ActionResult> abort(OperatorAction a) {
    return action("abort", a, who -> OperatorRules.abort(state, a), "abort",
        who -> stop(a.reason(), who, "ABORTED"));
  }

  public Message<ActionResult> retry(OperatorAction a) {
    return action("retry", a, who -> OperatorRules.retry(state, a), "retry", who -> {
      state.pauseAnswered(StepRunner.PauseAnswer.RETRY);
      record(who, "RETRIED", "retry " + state.pause().step() + (OperatorRules.blank(a.reason()) ? "" : ": " + a.reason()));
      return new ActionResult("retrying " + state.pause().step(), state.phase());
    });
  }

  public Message<ActionResult> rollback(OperatorAction a) {
    return action("rollback", a, who -> OperatorRules.rollback(state, a), "roll back", who -> {
      String reason = OperatorRules.blank(a.reason()) ? null : a.reason();
      if (state.phase() == ReleasePhase.ROLLBACK_FAILED) {
        state.rollbackAgainRequested();
        record(who, "ROLLBACK_RETRIED", reason != null ? reason : "retry the undos that are left: "
            + String.join("; ", state.plan.leftovers()));
        return new ActionResult("retrying the rollback of what is left", state.phase());
      }
      if (state.phase() == ReleasePhase.PAUSED) {
        state.pauseAnswered(StepRunner.PauseAnswer.ROLLBACK);
        record(who, "ROLLBACK_REQUESTED", reason != null ? reason : "paused at " + state.pause().step());
        return new ActionResult("rolling back", state.phase());
      }
      return stop(reason != null ? reason : "rollback requested", who, "ROLLBACK_REQUESTED");
    });
  }

  public Message<ActionResult> abandon(OperatorAction a) {
    return action("abandon", a, who -> OperatorRules.abandon(state, a), "abandon", who -> {
      state.abandoned(new OperatorAction(who.name(), a.reason()));
      record(who, "ABANDONED", a.reason() + ". Left undone: " + String.join("; ", state.plan.leftovers()));
      return new ActionResult("abandoned; the release ends with its undos left undone", state.phase());
    });
  }

  /**
   * An abort, retry, rollback or abandon: a proof taken before is refused as a replay before anything else
   * is judged; then what the action asks of the release; then who may act.
   */
  private Message<ActionResult> action(String verb, OperatorAction a, Function<VerifiedPrincipal, String> rule,
      String doing, Function<VerifiedPrincipal, ActionResult> act) {
    Function<VerifiedPrincipal, String> judged = who -> firstOf(replayed(a, who), () -> firstOf(rule.apply(who),
        () -> OperatorRules.actionBy(state, a, who, doing)));
    return new Message<>(verb, null, a == null ? null : a.actor(), a == null ? null : a.reason(),
        a == null ? null : a.proof(), judged, act);
  }

  // ------------------------------------------------------------------------------------------------
  // Updates
  // ------------------------------------------------------------------------------------------------

  /** An update's validator: a refusal rejects the update, and nothing is written to the history. */
  public void validate(Message<?> m) {
    String refusal = m.rule().apply(null);
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
  }

  /**
   * An update's handler: the same rule again as it begins, since other messages of the same workflow task may
   * have changed the release after validation (two approvals of one gate), and before anything is verified
   * (verifying takes the proof's nonce and records a local activity); then with who sent it, since verifying
   * waits. A refusal here fails the update.
   */
  public <R> R handle(Message<R> m) {
    state.changes.verifiedIdentity();
    failIf(m.rule().apply(null));
    VerifiedPrincipal who = sender(m);
    failIf(m.rule().apply(who));
    return m.act().apply(who);
  }

  /**
   * Who sent an update: verified by the worker, or (for a release from before verified identity) as given;
   * the update fails with the reason when the proof is refused.
   */
  private VerifiedPrincipal sender(Message<?> m) {
    if (!state.checksIdentity()) {
      return Identity.asGiven(m.actor());
    }
    Verdict verdict = identity.verify(m.verb(), m.gate(), m.actor(), m.text(), m.proof());
    failIf(verdict.accepted() ? null : "proof refused: " + verdict.refusal());
    return verdict.principal();
  }

  // ------------------------------------------------------------------------------------------------
  // Signals (for the Temporal UI and CLI)
  // ------------------------------------------------------------------------------------------------

  /** Any signal sent to the release. */
  public void signal(String name, EncodedValues args) {
    state.changes.verifiedIdentity();
    haltIfHistoryNearLimit();
    if (historyRefusesSignals()) {
      state.ignoredSignal("(unknown)", name + " refused: the release's history is near Temporal's limit ("
          + Workflow.getInfo().getHistoryLength() + " events, " + Workflow.getInfo().getHistorySize()
          + " bytes); use an update (shepherd approve/reject/abort) instead");
      return;
    }
    switch (name) {
      case ReleaseWorkflow.APPROVE_SIGNAL -> onSignal("approve", args, GateDecision.class, d -> decision(d, true));
      case ReleaseWorkflow.REJECT_SIGNAL -> onSignal("reject", args, GateDecision.class, d -> decision(d, false));
      case ReleaseWorkflow.ABORT_SIGNAL -> onSignal("abort", args, OperatorAction.class, this::abort);
      default -> state.ignoredSignal("(unknown)", "unknown signal \"" + clip(name) + "\" ignored; this release takes "
          + ReleaseWorkflow.APPROVE_SIGNAL + ", " + ReleaseWorkflow.REJECT_SIGNAL + " and "
          + ReleaseWorkflow.ABORT_SIGNAL);
    }
  }

  /**
   * Acts on a signal the rule allows; a refused or malformed one is audited as ignored, with why. Once the
   * rule allows it, a signal to a release that verifies its senders waits in the queue for {@link
   * #verifySignals}.
   */
  private <T> void onSignal(String verb, EncodedValues args, Class<T> type, Function<T, Message<?>> message) {
    Payload<T> payload = decode(args, type);
    Message<?> m = payload.value() == null ? null : message.apply(payload.value());
    String refusal = m == null ? payload.problem() : m.rule().apply(null);
    if (refusal != null) {
      state.ignoredSignal(OperatorRules.auditActor(m == null ? null : m.actor()), verb + " refused: " + refusal);
      return;
    }
    if (!state.checksIdentity()) {
      m.act().apply(Identity.asGiven(m.actor()));
      return;
    }
    if (signalsClosed) {
      state.ignoredSignal(OperatorRules.auditActor(m.actor()), verb + " refused: the release has ended");
      return;
    }
    pendingSignals.add(new PendingSignal(verb, OperatorRules.auditActor(m.actor()), m));
  }

  /** A signal waiting for its sender to be verified. */
  private record PendingSignal(String verb, String actor, Message<?> message) {}

  /** From the release's start on: verifies queued signals, one at a time, oldest first, until it ends. */
  public void startVerifyingSignals() {
    Workflow.newDetachedCancellationScope(() -> Async.procedure(this::verifySignals)).run();
  }

  private void verifySignals() {
    while (true) {
      Workflow.await(() -> !pendingSignals.isEmpty() || signalsClosed);
      if (signalsClosed) {
        closeSignals();
        return;
      }
      PendingSignal signal = pendingSignals.poll();
      verifyingSignal = true;
      String refusal;
      try {
        refusal = verifyAndAct(signal.message());
      } finally {
        verifyingSignal = false;
      }
      if (refusal != null) {
        state.ignoredSignal(signal.actor(), signal.verb() + " refused: " + refusal);
      }
    }
  }

  /** Verifies a queued signal's sender, judges it by who sent it, and acts; returns why it was refused. */
  private String verifyAndAct(Message<?> m) {
    Verdict verdict = identity.verify(m.verb(), m.gate(), m.actor(), m.text(), m.proof());
    if (!verdict.accepted()) {
      return "proof refused: " + verdict.refusal();
    }
    String late = m.rule().apply(verdict.principal());
    if (late != null) {
      return late;
    }
    m.act().apply(verdict.principal());
    return null;
  }

  /** No signal is verified after the release ends; those still queued are audited as ignored. */
  public void closeSignals() {
    signalsClosed = true;
    if (verifyingSignal) {
      return;
    }
    while (!pendingSignals.isEmpty()) {
      PendingSignal signal = pendingSignals.poll();
      state.ignoredSignal(signal.actor(), signal.verb() + " refused: the release ended before its sender was verified");
    }
  }

  /** Whether every message has had its answer: no update handler runs and no signal is being verified. */
  public boolean allAnswered() {
    return Workflow.isEveryHandlerFinished() && !verifyingSignal;
  }

  /** A signal's payload, or why there is none: missing, null or the wrong shape. */
  private record Payload<T>(T value, String problem) {}

  private static <T> Payload<T> decode(EncodedValues args, Class<T> type) {
    if (args == null || args.getSize() == 0) {
      return new Payload<>(null, "the signal carries no payload");
    }
    try {
      T value = args.get(0, type);
      return new Payload<>(value, value == null ? "the payload is null" : null);
    } catch (RuntimeException wrongShape) {
      return new Payload<>(null, "the payload is not a " + type.getSimpleName() + " ("
          + clip(String.valueOf(wrongShape.getMessage())) + ")");
    }
  }

  /** Whether the history is so large that signals are refused, to keep room for a rollback. */
  private static boolean historyRefusesSignals() {
    return Workflow.getInfo().getHistoryLength() >= SIGNALS_REFUSED_AT_EVENTS
        || Workflow.getInfo().getHistorySize() >= SIGNALS_REFUSED_AT_BYTES;
  }

  /**
   * Far past the point where signals are refused, the release stops and rolls back while it still can,
   * rather than let the server end it with nothing undone.
   */
  private void haltIfHistoryNearLimit() {
    long events = Workflow.getInfo().getHistoryLength();
    long bytes = Workflow.getInfo().getHistorySize();
    boolean goingForward = state.forcedHalt() == null && state.abortedBy() == null && !state.phase().isFinal()
        && state.phase() != ReleasePhase.ROLLING_BACK && state.phase() != ReleasePhase.ROLLBACK_FAILED;
    if (goingForward && (events >= HALT_AT_EVENTS || bytes >= HALT_AT_BYTES)) {
      state.halted(new Halt(FailureType.HISTORY_LIMIT, "the release's history reached " + events + " events and "
          + bytes + " bytes, close to Temporal's limit; stopping while it can still roll back", null));
      state.record(ReleaseState.SYSTEM, "HISTORY_LIMIT", state.forcedHalt().getMessage());
      state.stopGoingForward(state.forcedHalt().getMessage());
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Acting on accepted messages
  // ------------------------------------------------------------------------------------------------

  private GateStatus decide(GateDecision d, VerifiedPrincipal who, GateState decision) {
    GateTracker gate = OperatorRules.gateFor(state, d);
    gate.decided(decision, who, state.checksIdentity(), d.comment(), ReleaseState.now());
    ReleaseMetrics.gateDecided(state, gate);
    String verb = decision == GateState.APPROVED ? "approved" : "rejected";
    record(who, decision == GateState.APPROVED ? "APPROVED" : "REJECTED",
        "gate " + gate.name() + (OperatorRules.blank(d.comment()) ? "" : ": " + d.comment()));
    log.info("gate {} {} by {}", gate.name(), decision, who.describe());
    state.notifier.notify(NotificationKind.GATE_DECIDED, gate.name(), "gate " + gate.name() + " " + verb + " by "
        + who.name(), "Gate " + gate.name() + " " + verb + " by " + who.name() + " (" + ReleaseState.identityOf(who)
        + ")" + (OperatorRules.blank(d.comment()) ? "" : ": " + d.comment()) + ".");
    return gate.toStatus();
  }

  private ActionResult stop(String reason, VerifiedPrincipal who, String action) {
    state.aborted(new OperatorAction(who.name(), reason));
    record(who, action, reason);
    state.doing("aborting: stopping " + state.activity());
    state.stopGoingForward(reason);
    return new ActionResult("aborted; rolling back", state.phase());
  }

  /** An audit entry by an operator: verified, or as given for a release from before verified identity. */
  private void record(VerifiedPrincipal who, String action, String detail) {
    if (state.checksIdentity()) {
      state.record(who, action, detail);
    } else {
      state.record(who.name(), action, detail);
    }
  }

  /**
   * The decision with its gate named: the one it names, or the one waiting as it arrives. Verification waits
   * for a local activity; the decision must then apply to the gate its proof was checked for.
   */
  private GateDecision pinned(GateDecision d) {
    if (!OperatorRules.blank(d.gate())) {
      return d;
    }
    GateTracker waiting = OperatorRules.gateFor(state, d);
    return waiting == null ? d : new GateDecision(waiting.name(), d.actor(), d.comment(), d.proof());
  }

  /**
   * Before verification, whether the action's proof was taken before (a replay is refused as one, before
   * anything else is judged); once verified, the release has taken its nonce itself.
   */
  private String replayed(OperatorAction a, VerifiedPrincipal who) {
    return a == null || who != null || !state.checksIdentity() ? null : OperatorRules.replayed(state, a.proof());
  }

  private static String firstOf(String refusal, Supplier<String> next) {
    return refusal != null ? refusal : next.get();
  }

  /** A handler's refusal (only reachable if the state changed after validation): the update fails. */
  private static void failIf(String refusal) {
    if (refusal != null) {
      throw ApplicationFailure.newNonRetryableFailure(refusal, "REFUSED");
    }
  }

  private static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}
