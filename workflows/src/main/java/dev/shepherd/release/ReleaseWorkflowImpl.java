package dev.shepherd.release;

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
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.DynamicSignalHandler;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
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
  private CancellationScope mainScope;
  private boolean rollbackAgain;
  private OperatorAction abandonedBy;

  @WorkflowInit
  public ReleaseWorkflowImpl(ReleaseRequest request) {
    this.state = new ReleaseState(request);
    this.guard = state.spec == null ? null : new RegionGuard(state, this::guardTripped);
    this.steps = new StepRunner(state, guard);
    this.lock = new ApplicationLock(state);
    Workflow.registerListener((DynamicSignalHandler) this::signal);
  }

  // ------------------------------------------------------------------------------------------------
  // The story
  // ------------------------------------------------------------------------------------------------

  @Override
  public ReleaseResult run(ReleaseRequest ignored) {
    List<String> problems = requestProblems();
    if (!problems.isEmpty()) {
      state.failure = "invalid release: " + String.join("; ", problems);
      state.phase = ReleasePhase.FAILED;
      state.activity = "failed before anything was changed: " + state.failure;
      throw FailureType.INVALID_SPEC.outcome(phaseLine(), state.status());
    }
    log.info("release {} {} started by {}", state.spec.application(), state.request.version(), state.request.initiator());
    publishSearchAttributes();

    Halt halt = goForward();
    guard.stop();
    if (halt == null) {
      state.enter(ReleasePhase.RELEASED, "released: every region serves " + state.request.version()
          + (state.flag != null ? " and the flag is on" : ""));
      log.info("release {} released", state.releaseId);
      end();
      return new ReleaseResult(state.status());
    }
    state.failure = halt.getMessage();
    log.warn("release {} failed: {}", state.releaseId, state.failure);
    state.closeOutWaiting();
    Workflow.newDetachedCancellationScope(this::rollBack).run();
    ApplicationFailure ending = ending(halt);
    Workflow.newDetachedCancellationScope(this::end).run();
    throw ending;
  }

  /** Lets the application's lock go, once every update has had its answer. */
  private void end() {
    lock.release();
    Workflow.await(Workflow::isEveryHandlerFinished);
  }

  /** Pre-flight, build, test, every wave, the flag. Returns why it stopped, or null when it got through. */
  private Halt goForward() {
    mainScope = Workflow.newCancellationScope(() -> {
      lock.acquire();
      state.enter(ReleasePhase.PREFLIGHT, "checking that everything the spec names exists");
      steps.run("pre-flight check", FailureType.PREFLIGHT_FAILED, () -> ActivityStubs.preflight("Pre-flight: check every resource of "
          + state.spec.application() + " exists in " + state.spec.allRegions().size() + " regions")
          .preflight(new PreflightRequest(state.spec)));

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
  private void rollBack() {
    if (!state.plan.anythingArmed()) {
      state.enter(ReleasePhase.FAILED, "failed before anything was changed: " + state.failure);
      return;
    }
    state.record(ReleaseState.SYSTEM, "ROLLBACK_STARTED", state.failure);
    while (true) {
      state.enter(ReleasePhase.ROLLING_BACK, "rolling back: " + state.failure);
      List<String> left = state.plan.run();
      if (left.isEmpty()) {
        List<String> drifted = state.plan.drifted();
        state.record(ReleaseState.SYSTEM, "ROLLED_BACK", drifted.isEmpty() ? "every change undone"
            : "every change undone except what someone else changed since (DRIFTED, left alone): "
                + String.join("; ", drifted));
        state.enter(ReleasePhase.ROLLED_BACK, "rolled back: " + state.failure);
        return;
      }
      state.record(ReleaseState.SYSTEM, "ROLLBACK_FAILED", String.join("; ", left));
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
    refuseIf(OperatorRules.decision(state, d, true));
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
  public GateStatus approve(GateDecision d) {
    failIf(OperatorRules.decision(state, d, true));
    return decide(d, GateState.APPROVED);
  }

  @Override
  public void validateReject(GateDecision d) {
    refuseIf(OperatorRules.decision(state, d, false));
  }

  @Override
  public GateStatus reject(GateDecision d) {
    failIf(OperatorRules.decision(state, d, false));
    return decide(d, GateState.REJECTED);
  }

  @Override
  public void validateAbort(OperatorAction a) {
    refuseIf(OperatorRules.abort(state, a));
  }

  @Override
  public ActionResult abort(OperatorAction a) {
    failIf(OperatorRules.abort(state, a));
    return stop(a, "ABORTED");
  }

  @Override
  public void validateRetry(OperatorAction a) {
    refuseIf(OperatorRules.retry(state, a, steps.pauseAnswered()));
  }

  @Override
  public ActionResult retry(OperatorAction a) {
    failIf(OperatorRules.retry(state, a, steps.pauseAnswered()));
    steps.answer(StepRunner.PauseAnswer.RETRY);
    state.record(a.actor(), "RETRIED", "retry " + state.pause.step() + (OperatorRules.blank(a.reason()) ? "" : ": " + a.reason()));
    return new ActionResult("retrying " + state.pause.step(), state.phase);
  }

  @Override
  public void validateRollback(OperatorAction a) {
    refuseIf(OperatorRules.rollback(state, a, steps.pauseAnswered(), rollbackAgain));
  }

  @Override
  public ActionResult rollback(OperatorAction a) {
    failIf(OperatorRules.rollback(state, a, steps.pauseAnswered(), rollbackAgain));
    String reason = OperatorRules.blank(a.reason()) ? null : a.reason();
    if (state.phase == ReleasePhase.ROLLBACK_FAILED) {
      rollbackAgain = true;
      state.record(a.actor(), "ROLLBACK_RETRIED", reason != null ? reason : "retry the undos that are left: "
          + String.join("; ", state.plan.leftovers()));
      return new ActionResult("retrying the rollback of what is left", state.phase);
    }
    if (state.phase == ReleasePhase.PAUSED) {
      steps.answer(StepRunner.PauseAnswer.ROLLBACK);
      state.record(a.actor(), "ROLLBACK_REQUESTED", reason != null ? reason : "paused at " + state.pause.step());
      return new ActionResult("rolling back", state.phase);
    }
    return stop(new OperatorAction(a.actor(), reason != null ? reason : "rollback requested"), "ROLLBACK_REQUESTED");
  }

  @Override
  public void validateAbandon(OperatorAction a) {
    refuseIf(OperatorRules.abandon(state, a));
  }

  @Override
  public ActionResult abandon(OperatorAction a) {
    failIf(OperatorRules.abandon(state, a));
    abandonedBy = a;
    state.record(a.actor(), "ABANDONED", a.reason() + ". Left undone: " + String.join("; ", state.plan.leftovers()));
    return new ActionResult("abandoned; the release ends with its undos left undone", state.phase);
  }

  @Override
  public ReleaseStatus status() {
    return state.status();
  }

  // ------------------------------------------------------------------------------------------------
  // Operators: signals (for the Temporal UI and CLI). Decoded here, so that no payload can fail a task.
  // ------------------------------------------------------------------------------------------------

  private void signal(String name, EncodedValues args) {
    haltIfHistoryNearLimit();
    if (historyRefusesSignals()) {
      state.ignoredSignal("(unknown)", name + " refused: the release's history is near Temporal's limit ("
          + Workflow.getInfo().getHistoryLength() + " events, " + Workflow.getInfo().getHistorySize()
          + " bytes); use an update (shepherd approve/reject/abort) instead");
      return;
    }
    switch (name) {
      case APPROVE_SIGNAL -> onSignal("approve", decode(args, GateDecision.class),
          d -> OperatorRules.decision(state, d, true), GateDecision::actor, d -> decide(d, GateState.APPROVED));
      case REJECT_SIGNAL -> onSignal("reject", decode(args, GateDecision.class),
          d -> OperatorRules.decision(state, d, false), GateDecision::actor, d -> decide(d, GateState.REJECTED));
      case ABORT_SIGNAL -> onSignal("abort", decode(args, OperatorAction.class),
          a -> OperatorRules.abort(state, a), OperatorAction::actor, a -> stop(a, "ABORTED"));
      default -> state.ignoredSignal("(unknown)", "unknown signal \"" + clip(name) + "\" ignored; this release takes "
          + APPROVE_SIGNAL + ", " + REJECT_SIGNAL + " and " + ABORT_SIGNAL);
    }
  }

  /** A signal's payload, or why there is none: missing, null or the wrong shape. */
  private record Payload<T>(T value, String problem) {}

  /** Acts on a signal the rules allow; a refused or malformed one is audited as ignored, with why. */
  private <T> void onSignal(String verb, Payload<T> payload, Function<T, String> rule, Function<T, String> actor,
      Consumer<T> act) {
    T value = payload.value();
    String refusal = value == null ? payload.problem() : rule.apply(value);
    if (refusal != null) {
      state.ignoredSignal(OperatorRules.auditActor(value == null ? null : actor.apply(value)), verb + " refused: " + refusal);
      return;
    }
    act.accept(value);
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

  private GateStatus decide(GateDecision d, GateState decision) {
    GateTracker gate = OperatorRules.gateFor(state, d);
    gate.state = decision;
    gate.decidedBy = d.actor();
    gate.comment = d.comment();
    gate.decidedAt = ReleaseState.now();
    state.record(d.actor(), decision == GateState.APPROVED ? "APPROVED" : "REJECTED",
        "gate " + gate.name + (OperatorRules.blank(d.comment()) ? "" : ": " + d.comment()));
    log.info("gate {} {} by {}", gate.name, decision, d.actor());
    return gate.toStatus();
  }

  private ActionResult stop(OperatorAction a, String action) {
    state.abortedBy = a;
    state.record(a.actor(), action, a.reason());
    state.activity = "aborting: stopping " + state.activity;
    state.touch();
    if (mainScope != null) {
      mainScope.cancel(a.reason());
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
