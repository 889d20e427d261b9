package dev.shepherd.release;

import dev.shepherd.cloud.NotificationKind;

import dev.shepherd.cloud.BuildKind;
import dev.shepherd.cloud.BuildRequest;
import dev.shepherd.cloud.BuildResult;
import dev.shepherd.cloud.PreflightRequest;
import dev.shepherd.spec.BuildStepSpec;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.SpecProblem;
import dev.shepherd.spec.SpecValidator;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import dev.shepherd.identity.Proof;
import dev.shepherd.identity.Verdict;
import dev.shepherd.identity.VerifiedPrincipal;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.DynamicSignalHandler;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The release: see {@link ReleaseWorkflow}. {@link #run} tells the story; the state is in {@link
 * ReleaseState}, the operator rules in {@link OperatorRules}, the waves in {@link WaveRollout}, the flag in
 * {@link FlagRelease}, steps and pauses in {@link StepRunner}, the continuous alarm watch in {@link
 * RegionGuard}, and the undos in {@link RollbackPlan}.
 */
public class ReleaseWorkflowImpl implements ReleaseWorkflow {

  private static final Logger log = Workflow.getLogger(ReleaseWorkflowImpl.class);

  /** Past this much history, signals are refused: the history must keep room for a rollback. */
  static final long SIGNALS_REFUSED_AT_BYTES = 20L * 1024 * 1024;
  static final long SIGNALS_REFUSED_AT_EVENTS = 20_000;
  /** Past this much, the release stops and rolls back while it still can (Temporal ends it at 50 MB / 51,200 events). */
  static final long HALT_AT_BYTES = 35L * 1024 * 1024;
  static final long HALT_AT_EVENTS = 35_000;

  private final ReleaseState state;
  private final RegionGuard guard;
  private final StepRunner steps;
  private final ApplicationLock lock;
  private final Identity identity;
  /** Signals whose senders are being verified, oldest first; see {@link #verifySignals}. */
  private final Deque<PendingSignal> pendingSignals = new ArrayDeque<>();
  private boolean verifyingSignal;
  private boolean signalsClosed;
  private CancellationScope mainScope;
  private boolean rollbackAgain;
  private OperatorAction abandonedBy;

  @WorkflowInit
  public ReleaseWorkflowImpl(ReleaseRequest request) {
    this.state = new ReleaseState(request);
    this.guard = state.spec == null ? null : new RegionGuard(state, this::guardTripped);
    this.steps = new StepRunner(state, guard);
    this.lock = new ApplicationLock(state);
    this.identity = new Identity(state);
    Workflow.registerListener((DynamicSignalHandler) this::signal);
  }

  // ------------------------------------------------------------------------------------------------
  // The story
  // ------------------------------------------------------------------------------------------------

  @Override
  public ReleaseResult run(ReleaseRequest ignored) {
    identity.decide();
    state.decideObserves();
    state.notifier.start();
    if (state.verifiesIdentity) {
      Workflow.newDetachedCancellationScope(() -> Async.procedure(this::verifySignals)).run();
    }
    List<String> problems = requestProblems();
    if (!problems.isEmpty()) {
      state.failure = "invalid release: " + String.join("; ", problems);
      state.phase = ReleasePhase.FAILED;
      state.activity = "failed before anything was changed: " + state.failure;
      throw FailureType.INVALID_SPEC.outcome(phaseLine(), state.status());
    }
    log.info("release {} {} started by {}", state.spec.application(), state.request.version(), state.request.initiator());
    ReleaseMetrics.started(state);
    publishSearchAttributes();
    String refused = identity.admit();
    if (refused != null) {
      state.failure = "not admitted: " + refused;
      state.phase = ReleasePhase.FAILED;
      state.activity = "failed before anything was changed: " + state.failure;
      state.record(ReleaseState.SYSTEM, "NOT_ADMITTED", refused);
      ReleaseMetrics.ended(state, FailureType.FORBIDDEN, ReleaseState.now());
      closeSignals();
      throw FailureType.FORBIDDEN.outcome(phaseLine(), state.status());
    }

    Halt halt = goForward();
    guard.stop();
    if (halt == null) {
      state.enter(ReleasePhase.RELEASED, "released: every region serves " + state.request.version()
          + (state.flag != null ? " and the flag is on" : ""));
      log.info("release {} released", state.releaseId);
      ReleaseMetrics.released(state);
      state.notifier.notify(NotificationKind.RELEASED, null, "released", "Released: every region ("
          + state.spec.allRegions().stream().map(Region::code).collect(java.util.stream.Collectors.joining(", "))
          + ") serves " + state.request.version() + (state.flag != null ? " and the flag is on" : "") + ".");
      end();
      return new ReleaseResult(state.status());
    }
    Instant stoppedAt = ReleaseState.now();
    state.failure = halt.getMessage();
    log.warn("release {} failed: {}", state.releaseId, state.failure);
    state.closeOutWaiting();
    Workflow.newDetachedCancellationScope(() -> rollBack(halt.type)).run();
    ReleaseMetrics.ended(state, halt.type, stoppedAt);
    ApplicationFailure ending = ending(halt);
    Workflow.newDetachedCancellationScope(this::end).run();
    throw ending;
  }

  /** Lets the application's lock go, once every update has had its answer. */
  private void end() {
    state.notifier.flush();
    lock.release();
    closeSignals();
    Workflow.await(() -> Workflow.isEveryHandlerFinished() && !verifyingSignal);
  }

  /** Pre-flight, build, test, every wave, the flag. Returns why it stopped, or null when it got through. */
  private Halt goForward() {
    mainScope = Workflow.newCancellationScope(() -> {
      lock.acquire();
      state.enter(ReleasePhase.PREFLIGHT, "checking that everything the spec names exists");
      steps.run("pre-flight check", FailureType.PREFLIGHT_FAILED, () -> ActivityStubs.preflight("Pre-flight: check every resource of "
          + state.spec.application() + " exists in " + state.spec.allRegions().size() + " regions")
          .preflight(new PreflightRequest(state.spec, state.policy)));

      state.enter(ReleasePhase.BUILDING, "building " + state.request.effectiveSourceVersion()
          + " with CodeBuild project " + state.spec.build().codebuild().project());
      state.build = steps.run("build", FailureType.BUILD_FAILED, () -> runBuild(BuildKind.BUILD, state.spec.build(), null));
      if (state.spec.test() != null) {
        state.enter(ReleasePhase.TESTING, "testing with CodeBuild project " + state.spec.test().codebuild().project());
        steps.run("test", FailureType.TEST_FAILED,
            () -> runBuild(BuildKind.TEST, state.spec.test(), state.build.artifactLocation()));
      }

      WaveRollout rollout = new WaveRollout(state, steps, guard);
      for (WaveTracker wave : state.waves) {
        rollout.run(wave);
      }
      if (state.flag != null) {
        new FlagRelease(state, steps).run();
      }
    });
    if (state.abortedBy != null || state.forcedHalt != null) {
      // Stopped in the very first workflow task, before the release began: begin nothing.
      mainScope.cancel("stopped before it began");
    }
    Halt halt = null;
    try {
      mainScope.run();
    } catch (Halt h) {
      halt = h;
    } catch (TemporalFailure e) {
      halt = Halt.from("release", e, FailureType.DEPLOY_FAILED);
    }
    if (state.forcedHalt != null) {
      return state.forcedHalt;
    }
    if (state.abortedBy != null) {
      return new Halt(FailureType.ABORTED, "aborted by " + state.abortedBy.actor() + ": " + state.abortedBy.reason(), null);
    }
    return halt;
  }

  /**
   * Runs the rollback plan, newest first, until nothing is left to undo. An undo that fails permanently
   * leaves the release open in ROLLBACK_FAILED until an operator has it retried or abandons it.
   */
  private void rollBack(FailureType cause) {
    if (!state.plan.anythingArmed()) {
      state.enter(ReleasePhase.FAILED, "failed before anything was changed: " + state.failure);
      return;
    }
    state.record(ReleaseState.SYSTEM, "ROLLBACK_STARTED", state.failure);
    state.notifier.notify(NotificationKind.ROLLBACK_STARTED, null, "rolling back", "Rolling back: "
        + state.failure + ".");
    while (true) {
      state.enter(ReleasePhase.ROLLING_BACK, "rolling back: " + state.failure);
      List<String> left = state.plan.run();
      if (left.isEmpty()) {
        List<String> drifted = state.plan.drifted();
        state.record(ReleaseState.SYSTEM, "ROLLED_BACK", drifted.isEmpty() ? "every change undone"
            : "every change undone except what someone else changed since (DRIFTED, left alone): "
                + String.join("; ", drifted));
        state.enter(ReleasePhase.ROLLED_BACK, "rolled back: " + state.failure);
        state.notifier.notify(NotificationKind.ROLLED_BACK, null, "rolled back", "Rolled back: every region is on"
            + " its previous version" + (drifted.isEmpty() ? "" : ", except what someone else changed since: "
                + String.join("; ", drifted)) + ". It had failed: " + state.failure + ".");
        return;
      }
      state.record(ReleaseState.SYSTEM, "ROLLBACK_FAILED", String.join("; ", left));
      state.notifier.notify(NotificationKind.ROLLBACK_FAILED, null, "ROLLBACK FAILED, a person must act now",
          "The rollback did not complete. Left: " + String.join("; ", left) + ". It had failed: " + state.failure
              + ". Fix the cause, then run rollback to retry what is left, or abandon the release.");
      ReleaseMetrics.rollbackFailed(state, cause);
      state.enter(ReleasePhase.ROLLBACK_FAILED, "ROLLBACK FAILED, a person must act: " + String.join("; ", left)
          + ". Fix the cause, then run rollback to retry what is left, or abandon the release");
      rollbackAgain = false;
      Workflow.await(() -> rollbackAgain || abandonedBy != null);
      if (abandonedBy != null) {
        state.enter(ReleasePhase.ABANDONED, "abandoned by " + abandonedBy.actor() + ": " + abandonedBy.reason()
            + ". Left undone: " + String.join("; ", state.plan.leftovers()));
        return;
      }
    }
  }

  /**
   * How the workflow ends after a halt: its failure type, a message that reads like the status's phase line
   * (the Web UI shows it as the release's result), and the final status as its details.
   */
  private ApplicationFailure ending(Halt halt) {
    StringBuilder message = new StringBuilder(phaseLine());
    if (state.phase == ReleasePhase.ABANDONED) {
      // Its phase line says who closed it and what is left; why it failed is the status's next line.
      message.append(". It had failed: ").append(state.failure);
    } else if (state.phase == ReleasePhase.ROLLED_BACK && !state.plan.drifted().isEmpty()) {
      message.append(" (left alone because someone changed them after this release: ")
          .append(String.join("; ", state.plan.drifted())).append(')');
    }
    FailureType type = state.phase == ReleasePhase.ABANDONED ? FailureType.ABANDONED : halt.type;
    return type.outcome(message.toString(), state.status());
  }

  /** E.g. {@code ROLLED_BACK - rolled back: gate rest rejected by alice: not today}, as status prints it. */
  private String phaseLine() {
    return state.phase + " - " + state.activity;
  }

  private BuildResult runBuild(BuildKind kind, BuildStepSpec step, String artifact) {
    Region region = step.codebuild().region() != null ? step.codebuild().region() : state.spec.allRegions().get(0);
    String verb = kind == BuildKind.BUILD ? "Build" : "Test";
    return ActivityStubs.build(step.timeout(), verb + " " + state.spec.application() + " "
            + state.request.effectiveSourceVersion() + " with CodeBuild " + step.codebuild().project() + " in " + region)
        .runBuild(new BuildRequest(kind, state.releaseId, state.request.version(), state.request.effectiveSourceVersion(),
            step.codebuild().project(), region, artifact, step.timeout()));
  }

  private List<String> requestProblems() {
    List<String> problems = new ArrayList<>();
    if (state.spec == null) {
      problems.add("spec: is required");
      return problems;
    }
    // Releases started before the function-name and AppConfig-value rules existed passed without them;
    // judging them by the new rules on replay would not be what they did.
    boolean newRules = Workflow.getVersion(ApplicationLock.CHANGE_ID, Workflow.DEFAULT_VERSION, 1)
        != Workflow.DEFAULT_VERSION;
    for (SpecProblem p : SpecValidator.validate(state.spec, newRules)) {
      problems.add(p.toString());
    }
    if (!ReleaseIds.isValidVersion(state.request.version())) {
      problems.add("version: \"" + state.request.version() + "\" must be 1-64 letters, digits, '.', '_', '+' or '-'");
    }
    String initiator = OperatorRules.actor(state.request.initiator(), "starting the release");
    if (initiator != null) {
      problems.add("initiator: " + initiator);
    }
    return problems;
  }

  private void publishSearchAttributes() {
    if (Workflow.getTypedSearchAttributes().get(ReleaseSearchAttributes.APPLICATION) == null) {
      // Started without ReleaseClient (e.g. from the Temporal CLI): publish what the UI filters on.
      Workflow.upsertTypedSearchAttributes(
          ReleaseSearchAttributes.APPLICATION.valueSet(state.spec.application()),
          ReleaseSearchAttributes.VERSION.valueSet(state.request.version()),
          ReleaseSearchAttributes.INITIATOR.valueSet(state.request.initiator()),
          ReleaseSearchAttributes.PHASE.valueSet(state.phase.name()));
    }
  }

  /** The guard saw an alarm (or went blind): stop the running step; while paused, say so and stay paused. */
  private void guardTripped() {
    Halt trip = guard.trip();
    if (state.phase == ReleasePhase.PAUSED) {
      state.record(ReleaseState.SYSTEM, "ALARM_WHILE_PAUSED", trip.getMessage());
      state.pause = new PauseStatus(state.pause.step(), state.pause.reason() + "; then " + trip.getMessage(),
          state.pause.rollbackAt());
      state.touch();
      return;
    }
    steps.interrupt(trip.getMessage());
  }

  // ------------------------------------------------------------------------------------------------
  // Operators: updates
  // ------------------------------------------------------------------------------------------------

  @Override
  public void validateApprove(GateDecision d) {
    refuseIf(OperatorRules.decision(state, d, true, null));
  }

  @Override
  public LockDecision lockDecision() {
    Workflow.await(() -> state.lock != null || state.phase.isFinal());
    if (state.lock == null) {
      throw ApplicationFailure.newFailure("the release ended before it went for its application's lock: "
          + state.failure, FailureType.INVALID_SPEC.name());
    }
    return state.lock;
  }

  @Override
  public GateStatus approve(GateDecision given) {
    identity.decide();
    failIf(OperatorRules.decision(state, given, true, null));
    GateDecision d = pinned(given);
    VerifiedPrincipal who = sender("approve", gateName(d), d.actor(), d.comment(), d.proof());
    failIf(OperatorRules.decision(state, d, true, who));
    return decide(d, who, GateState.APPROVED);
  }

  @Override
  public void validateReject(GateDecision d) {
    refuseIf(OperatorRules.decision(state, d, false, null));
  }

  @Override
  public GateStatus reject(GateDecision given) {
    identity.decide();
    failIf(OperatorRules.decision(state, given, false, null));
    GateDecision d = pinned(given);
    VerifiedPrincipal who = sender("reject", gateName(d), d.actor(), d.comment(), d.proof());
    failIf(OperatorRules.decision(state, d, false, who));
    return decide(d, who, GateState.REJECTED);
  }

  @Override
  public void validateAbort(OperatorAction a) {
    refuseIf(abortRule(a, null));
  }

  @Override
  public ActionResult abort(OperatorAction a) {
    identity.decide();
    failIf(abortRule(a, null));
    VerifiedPrincipal who = sender("abort", null, a.actor(), a.reason(), a.proof());
    failIf(abortRule(a, who));
    return stop(a.reason(), who, "ABORTED");
  }

  @Override
  public void validateRetry(OperatorAction a) {
    refuseIf(retryRule(a, null));
  }

  @Override
  public ActionResult retry(OperatorAction a) {
    identity.decide();
    failIf(retryRule(a, null));
    VerifiedPrincipal who = sender("retry", null, a.actor(), a.reason(), a.proof());
    failIf(retryRule(a, who));
    steps.answer(StepRunner.PauseAnswer.RETRY);
    record(who, "RETRIED", "retry " + state.pause.step() + (OperatorRules.blank(a.reason()) ? "" : ": " + a.reason()));
    return new ActionResult("retrying " + state.pause.step(), state.phase);
  }

  @Override
  public void validateRollback(OperatorAction a) {
    refuseIf(rollbackRule(a, null));
  }

  @Override
  public ActionResult rollback(OperatorAction a) {
    identity.decide();
    failIf(rollbackRule(a, null));
    VerifiedPrincipal who = sender("rollback", null, a.actor(), a.reason(), a.proof());
    failIf(rollbackRule(a, who));
    String reason = OperatorRules.blank(a.reason()) ? null : a.reason();
    if (state.phase == ReleasePhase.ROLLBACK_FAILED) {
      rollbackAgain = true;
      record(who, "ROLLBACK_RETRIED", reason != null ? reason : "retry the undos that are left: "
          + String.join("; ", state.plan.leftovers()));
      return new ActionResult("retrying the rollback of what is left", state.phase);
    }
    if (state.phase == ReleasePhase.PAUSED) {
      steps.answer(StepRunner.PauseAnswer.ROLLBACK);
      record(who, "ROLLBACK_REQUESTED", reason != null ? reason : "paused at " + state.pause.step());
      return new ActionResult("rolling back", state.phase);
    }
    return stop(reason != null ? reason : "rollback requested", who, "ROLLBACK_REQUESTED");
  }

  @Override
  public void validateAbandon(OperatorAction a) {
    refuseIf(abandonRule(a, null));
  }

  @Override
  public ActionResult abandon(OperatorAction a) {
    identity.decide();
    failIf(abandonRule(a, null));
    VerifiedPrincipal who = sender("abandon", null, a.actor(), a.reason(), a.proof());
    failIf(abandonRule(a, who));
    abandonedBy = new OperatorAction(who.name(), a.reason());
    record(who, "ABANDONED", a.reason() + ". Left undone: " + String.join("; ", state.plan.leftovers()));
    return new ActionResult("abandoned; the release ends with its undos left undone", state.phase);
  }

  private String abortRule(OperatorAction a, VerifiedPrincipal who) {
    return firstOf(replayed(a, who), () -> firstOf(OperatorRules.abort(state, a),
        () -> OperatorRules.actionBy(state, a, who, "abort")));
  }

  private String retryRule(OperatorAction a, VerifiedPrincipal who) {
    return firstOf(replayed(a, who), () -> firstOf(OperatorRules.retry(state, a, steps.pauseAnswered()),
        () -> OperatorRules.actionBy(state, a, who, "retry")));
  }

  private String rollbackRule(OperatorAction a, VerifiedPrincipal who) {
    return firstOf(replayed(a, who), () -> firstOf(OperatorRules.rollback(state, a, steps.pauseAnswered(),
        rollbackAgain), () -> OperatorRules.actionBy(state, a, who, "roll back")));
  }

  private String abandonRule(OperatorAction a, VerifiedPrincipal who) {
    return firstOf(replayed(a, who), () -> firstOf(OperatorRules.abandon(state, a),
        () -> OperatorRules.actionBy(state, a, who, "abandon")));
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

  /**
   * Who sent an update: verified by the worker, or (for a release from before verified identity) as given;
   * the update fails with the reason when the proof is refused.
   */
  private VerifiedPrincipal sender(String action, String gate, String actor, String comment, Proof proof) {
    if (!state.checksIdentity()) {
      return Identity.asGiven(actor);
    }
    Verdict verdict = identity.verify(action, gate, actor, comment, proof);
    failIf(verdict.accepted() ? null : "proof refused: " + verdict.refusal());
    return verdict.principal();
  }

  /**
   * The decision with its gate named: the one it names, or the one waiting when it was taken. Verification
   * waits for a local activity; the decision must then apply to the gate its proof was checked for.
   */
  private GateDecision pinned(GateDecision d) {
    return OperatorRules.blank(d.gate()) ? new GateDecision(gateName(d), d.actor(), d.comment(), d.proof()) : d;
  }

  /** The gate a decision names, or the one waiting now; what its proof must be for. */
  private String gateName(GateDecision d) {
    GateTracker gate = OperatorRules.gateFor(state, d);
    return gate == null ? d.gate() : gate.name;
  }

  /** An audit entry by an operator: verified, or as given for a release from before verified identity. */
  private void record(VerifiedPrincipal who, String action, String detail) {
    if (state.checksIdentity()) {
      state.record(who, action, detail);
    } else {
      state.record(who.name(), action, detail);
    }
  }

  @Override
  public ReleaseStatus status() {
    return state.status();
  }

  // ------------------------------------------------------------------------------------------------
  // Operators: signals (for the Temporal UI and CLI). Decoded here, so that no payload can fail a task.
  // ------------------------------------------------------------------------------------------------

  private void signal(String name, EncodedValues args) {
    identity.decide();
    haltIfHistoryNearLimit();
    if (historyRefusesSignals()) {
      state.ignoredSignal("(unknown)", name + " refused: the release's history is near Temporal's limit ("
          + Workflow.getInfo().getHistoryLength() + " events, " + Workflow.getInfo().getHistorySize()
          + " bytes); use an update (shepherd approve/reject/abort) instead");
      return;
    }
    switch (name) {
      case APPROVE_SIGNAL -> onSignal("approve", pinnedSignal(decode(args, GateDecision.class)),
          (d, who) -> OperatorRules.decision(state, d, true, who), GateDecision::actor,
          d -> identity.verify("approve", gateName(d), d.actor(), d.comment(), d.proof()),
          (d, who) -> decide(d, who, GateState.APPROVED));
      case REJECT_SIGNAL -> onSignal("reject", pinnedSignal(decode(args, GateDecision.class)),
          (d, who) -> OperatorRules.decision(state, d, false, who), GateDecision::actor,
          d -> identity.verify("reject", gateName(d), d.actor(), d.comment(), d.proof()),
          (d, who) -> decide(d, who, GateState.REJECTED));
      case ABORT_SIGNAL -> onSignal("abort", decode(args, OperatorAction.class), (a, who) -> abortRule(a, who),
          OperatorAction::actor, a -> identity.verify("abort", null, a.actor(), a.reason(), a.proof()),
          (a, who) -> stop(a.reason(), who, "ABORTED"));
      default -> state.ignoredSignal("(unknown)", "unknown signal \"" + clip(name) + "\" ignored; this release takes "
          + APPROVE_SIGNAL + ", " + REJECT_SIGNAL + " and " + ABORT_SIGNAL);
    }
  }

  /** A decision signal with its gate named as it arrives (see {@link #pinned}); releases from before, as sent. */
  private Payload<GateDecision> pinnedSignal(Payload<GateDecision> p) {
    if (p.value() == null || !state.checksIdentity()) {
      return p;
    }
    return new Payload<>(pinned(p.value()), null);
  }

  /** A signal's payload, or why there is none: missing, null or the wrong shape. */
  private record Payload<T>(T value, String problem) {}

  /**
   * Acts on a signal the rules allow; a refused or malformed one is audited as ignored, with why. The rules
   * judge it twice: before its sender is verified (what does not depend on who sent it), then, once the
   * worker has verified the proof, by who sent it. Verification waits for a local activity, which a signal
   * handler may not, so verified signals are queued for {@link #verifySignals}, in the order they came.
   */
  private <T> void onSignal(String verb, Payload<T> payload, BiFunction<T, VerifiedPrincipal, String> rule,
      Function<T, String> actor, Function<T, Verdict> verify, BiConsumer<T, VerifiedPrincipal> act) {
    T value = payload.value();
    String refusal = value == null ? payload.problem() : rule.apply(value, null);
    if (refusal != null) {
      state.ignoredSignal(OperatorRules.auditActor(value == null ? null : actor.apply(value)), verb + " refused: " + refusal);
      return;
    }
    if (!state.checksIdentity()) {
      act.accept(value, Identity.asGiven(actor.apply(value)));
      return;
    }
    if (signalsClosed) {
      state.ignoredSignal(OperatorRules.auditActor(actor.apply(value)), verb + " refused: the release has ended");
      return;
    }
    pendingSignals.add(new PendingSignal(verb, OperatorRules.auditActor(actor.apply(value)), () -> {
      Verdict verdict = verify.apply(value);
      if (!verdict.accepted()) {
        return "proof refused: " + verdict.refusal();
      }
      String late = rule.apply(value, verdict.principal());
      if (late != null) {
        return late;
      }
      act.accept(value, verdict.principal());
      return null;
    }));
  }

  /** A signal waiting for its sender to be verified: verifies, judges and acts; returns why it was refused. */
  private record PendingSignal(String verb, String actor, Supplier<String> verifyAndAct) {}

  /** Verifies queued signals one at a time, oldest first, for as long as the release runs. */
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
        refusal = signal.verifyAndAct().get();
      } finally {
        verifyingSignal = false;
      }
      if (refusal != null) {
        state.ignoredSignal(signal.actor(), signal.verb() + " refused: " + refusal);
      }
    }
  }

  /** No signal is verified after the release ends; those still queued are audited as ignored. */
  private void closeSignals() {
    signalsClosed = true;
    if (verifyingSignal) {
      return;
    }
    while (!pendingSignals.isEmpty()) {
      PendingSignal signal = pendingSignals.poll();
      state.ignoredSignal(signal.actor(), signal.verb() + " refused: the release ended before its sender was verified");
    }
  }

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
    boolean goingForward = state.forcedHalt == null && state.abortedBy == null && !state.phase.isFinal()
        && state.phase != ReleasePhase.ROLLING_BACK && state.phase != ReleasePhase.ROLLBACK_FAILED;
    if (goingForward && (events >= HALT_AT_EVENTS || bytes >= HALT_AT_BYTES)) {
      state.forcedHalt = new Halt(FailureType.HISTORY_LIMIT, "the release's history reached " + events + " events and "
          + bytes + " bytes, close to Temporal's limit; stopping while it can still roll back", null);
      state.record(ReleaseState.SYSTEM, "HISTORY_LIMIT", state.forcedHalt.getMessage());
      if (mainScope != null) {
        mainScope.cancel(state.forcedHalt.getMessage());
      }
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Acting on accepted decisions
  // ------------------------------------------------------------------------------------------------

  private GateStatus decide(GateDecision d, VerifiedPrincipal who, GateState decision) {
    GateTracker gate = OperatorRules.gateFor(state, d);
    gate.state = decision;
    gate.decidedBy = who.name();
    gate.decider = state.checksIdentity() ? who : null;
    gate.comment = d.comment();
    gate.decidedAt = ReleaseState.now();
    ReleaseMetrics.gateDecided(state, gate);
    record(who, decision == GateState.APPROVED ? "APPROVED" : "REJECTED",
        "gate " + gate.name + (OperatorRules.blank(d.comment()) ? "" : ": " + d.comment()));
    log.info("gate {} {} by {}", gate.name, decision, who.describe());
    state.notifier.notify(NotificationKind.GATE_DECIDED, gate.name, "gate " + gate.name + " "
        + (decision == GateState.APPROVED ? "approved" : "rejected") + " by " + who.name(),
        "Gate " + gate.name + " " + (decision == GateState.APPROVED ? "approved" : "rejected") + " by " + who.name()
            + " (" + ReleaseState.identityOf(who) + ")" + (OperatorRules.blank(d.comment()) ? "" : ": " + d.comment())
            + ".");
    return gate.toStatus();
  }

  private ActionResult stop(String reason, VerifiedPrincipal who, String action) {
    state.abortedBy = new OperatorAction(who.name(), reason);
    record(who, action, reason);
    state.activity = "aborting: stopping " + state.activity;
    state.touch();
    if (mainScope != null) {
      mainScope.cancel(reason);
    }
    return new ActionResult("aborted; rolling back", state.phase);
  }

  /** A validator's refusal: the update is rejected and nothing is written to the history. */
  private static void refuseIf(String refusal) {
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
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
