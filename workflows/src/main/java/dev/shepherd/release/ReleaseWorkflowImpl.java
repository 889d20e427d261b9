package dev.shepherd.release;

import dev.shepherd.cloud.AliasMoveRequest;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.BuildKind;
import dev.shepherd.cloud.BuildRequest;
import dev.shepherd.cloud.BuildResult;
import dev.shepherd.cloud.FlagRestore;
import dev.shepherd.cloud.FlagTarget;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.cloud.FlagWrite;
import dev.shepherd.cloud.PreflightRequest;
import dev.shepherd.spec.BuildStepSpec;
import dev.shepherd.spec.DeploymentWindow;
import dev.shepherd.spec.Durations;
import dev.shepherd.spec.FlagSpec;
import dev.shepherd.spec.OnFailure;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.SpecProblem;
import dev.shepherd.spec.SpecValidator;
import dev.shepherd.spec.WaveSpec;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * The release: see {@link ReleaseWorkflow}. State lives in the trackers below; the {@code status} query
 * renders them.
 */
public class ReleaseWorkflowImpl implements ReleaseWorkflow {

  private static final Logger log = Workflow.getLogger(ReleaseWorkflowImpl.class);
  private static final String SYSTEM = "shepherd";
  private static final int AUDIT_LIMIT = 500;

  private final ReleaseRequest request;
  private final ReleaseSpec spec;
  private final String releaseId;
  private final Instant startedAt;
  private final List<WaveTracker> waves = new ArrayList<>();
  private final Map<String, GateTracker> gates = new LinkedHashMap<>();
  private final FlagTracker flag;
  private final List<AuditEntry> audit = new ArrayList<>();

  private ReleasePhase phase = ReleasePhase.PREFLIGHT;
  private String activity = "starting";
  private Instant updatedAt;
  private BuildResult build;
  private String failure;
  private PauseStatus pause;
  private PauseAnswer pauseAnswer;
  private OperatorAction abortedBy;
  private CancellationScope mainScope;

  private enum PauseAnswer { RETRY, ROLLBACK }

  @WorkflowInit
  public ReleaseWorkflowImpl(ReleaseRequest request) {
    this.request = request;
    this.spec = request.spec();
    // From the input, not the running id: child ids must be the same when a history is replayed.
    this.releaseId = spec == null ? Workflow.getInfo().getWorkflowId()
        : ReleaseIds.release(spec.application(), request.version());
    this.startedAt = now();
    this.updatedAt = startedAt;
    if (spec != null) {
      for (WaveSpec w : spec.waves()) {
        if (w != null) {
          waves.add(new WaveTracker(w));
        }
      }
      for (String gate : spec.gateNames()) {
        gates.put(gate, new GateTracker(gate));
      }
    }
    this.flag = spec != null && spec.flag() != null ? new FlagTracker(spec.flag()) : null;
  }

  // ------------------------------------------------------------------------------------------------
  // The release
  // ------------------------------------------------------------------------------------------------

  @Override
  public ReleaseResult run(ReleaseRequest ignored) {
    List<String> problems = requestProblems();
    if (!problems.isEmpty()) {
      failure = "invalid release: " + String.join("; ", problems);
      phase = ReleasePhase.FAILED;
      throw FailureType.INVALID_SPEC.failure(failure);
    }
    log.info("release {} {} started by {}", spec.application(), request.version(), request.initiator());
    if (Workflow.getTypedSearchAttributes().get(ReleaseSearchAttributes.APPLICATION) == null) {
      // Started without ReleaseClient (e.g. from the Temporal CLI): publish what the UI filters on.
      Workflow.upsertTypedSearchAttributes(
          ReleaseSearchAttributes.APPLICATION.valueSet(spec.application()),
          ReleaseSearchAttributes.VERSION.valueSet(request.version()),
          ReleaseSearchAttributes.INITIATOR.valueSet(request.initiator()),
          ReleaseSearchAttributes.PHASE.valueSet(phase.name()));
    }
    Halt halt = null;
    mainScope = Workflow.newCancellationScope(this::runSteps);
    if (abortedBy != null) {
      // Aborted in the very first workflow task, before the release began: begin nothing.
      mainScope.cancel(abortedBy.reason());
    }
    try {
      mainScope.run();
    } catch (Halt h) {
      halt = h;
    } catch (TemporalFailure e) {
      halt = Halt.from("release", e, FailureType.DEPLOY_FAILED);
    }
    if (abortedBy != null) {
      halt = new Halt(FailureType.ABORTED, "aborted by " + abortedBy.actor() + ": " + abortedBy.reason(), null);
    }
    if (halt == null) {
      enter(ReleasePhase.RELEASED, "released: every region serves " + request.version()
          + (flag != null ? " and the flag is on" : ""));
      log.info("release {} released", releaseId);
      return new ReleaseResult(status());
    }
    failure = halt.getMessage();
    log.warn("release {} failed: {}", releaseId, failure);
    closeOutWaiting();
    List<String> leftovers = new ArrayList<>();
    Workflow.newDetachedCancellationScope(() -> leftovers.addAll(compensate())).run();
    if (!leftovers.isEmpty()) {
      throw FailureType.ROLLBACK_FAILED.failure("ROLLBACK FAILED, a human must look. " + failure
          + ". Left behind: " + String.join("; ", leftovers));
    }
    String outcome = phase == ReleasePhase.FAILED ? "nothing was changed" : "rolled back";
    throw halt.type.failure(failure + " (" + outcome + ")");
  }

  private List<String> requestProblems() {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      problems.add("spec: is required");
      return problems;
    }
    for (SpecProblem p : SpecValidator.validate(spec)) {
      problems.add(p.toString());
    }
    if (!ReleaseIds.isValidVersion(request.version())) {
      problems.add("version: \"" + request.version() + "\" must be 1-64 letters, digits, '.', '_', '+' or '-'");
    }
    if (request.initiator() == null || request.initiator().isBlank()) {
      problems.add("initiator: is required");
    }
    return problems;
  }

  private void runSteps() {
    enter(ReleasePhase.PREFLIGHT, "checking that everything the spec names exists");
    step("pre-flight check", () -> StepOptions.check("Pre-flight: check every resource of "
        + spec.application() + " exists in " + spec.allRegions().size() + " regions")
        .preflight(new PreflightRequest(spec)));

    enter(ReleasePhase.BUILDING, "building " + request.effectiveSourceVersion() + " with CodeBuild project "
        + spec.build().codebuild().project());
    build = step("build", FailureType.BUILD_FAILED, () -> runBuild(BuildKind.BUILD, spec.build(), null));

    if (spec.test() != null) {
      enter(ReleasePhase.TESTING, "testing with CodeBuild project " + spec.test().codebuild().project());
      step("test", FailureType.TEST_FAILED, () -> runBuild(BuildKind.TEST, spec.test(), build.artifactLocation()));
    }

    for (int i = 0; i < waves.size(); i++) {
      runWave(i);
    }

    if (flag != null) {
      releaseFlag();
    }
  }

  private BuildResult runBuild(BuildKind kind, BuildStepSpec step, String artifact) {
    Region region = step.codebuild().region() != null ? step.codebuild().region() : spec.allRegions().get(0);
    String verb = kind == BuildKind.BUILD ? "Build" : "Test";
    return StepOptions.build(step.timeout(), verb + " " + spec.application() + " " + request.effectiveSourceVersion()
            + " with CodeBuild " + step.codebuild().project() + " in " + region)
        .runBuild(new BuildRequest(kind, releaseId, request.version(), request.effectiveSourceVersion(),
            step.codebuild().project(), region, artifact, step.timeout()));
  }

  private void runWave(int index) {
    WaveTracker wave = waves.get(index);
    String position = "wave " + wave.spec.name() + " (" + (index + 1) + "/" + waves.size() + ")";
    if (wave.spec.approvalRequired()) {
      wave.state = WaveState.AWAITING_APPROVAL;
      awaitGate(wave.spec.name(), ReleasePhase.AWAITING_APPROVAL, position);
    }
    step("deploy " + position, () -> {
      // Inside the step: a retry after a long pause waits for a window again.
      if (!spec.policy().windows().isEmpty()) {
        awaitWindow(wave, position);
      }
      wave.state = WaveState.DEPLOYING;
      enter(ReleasePhase.DEPLOYING, "deploying " + position + " to " + regionList(wave.spec.regions()));
      deployWave(wave);
      return null;
    });

    if (!wave.spec.bake().isZero()) {
      wave.state = WaveState.BAKING;
      List<Region> deployed = deployedRegions();
      step("bake " + position, () -> {
        wave.waitUntil = now().plus(wave.spec.bake());
        enter(ReleasePhase.BAKING, "baking " + position + " until " + wave.waitUntil + "; watching alarms in "
            + regionList(deployed));
        AlarmWatch.watch(deployed, spec.alarms(), wave.spec.bake(), "Bake " + position);
        return null;
      });
      wave.waitUntil = null;
    }
    wave.state = WaveState.DONE;
  }

  private void deployWave(WaveTracker wave) {
    List<RegionTracker> todo = wave.regions.stream().filter(r -> r.state != RegionState.DEPLOYED).toList();
    Map<RegionTracker, Promise<RegionDeploymentResult>> running = new LinkedHashMap<>();
    CompletablePromise<Void> firstFailure = Workflow.newPromise();
    CancellationScope scope = Workflow.newCancellationScope(() -> {
      for (RegionTracker r : todo) {
        r.detail = null;
        RegionDeploymentWorkflow child = Workflow.newChildWorkflowStub(RegionDeploymentWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(ReleaseIds.region(releaseId, r.region))
                .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                    .set(ReleaseSearchAttributes.APPLICATION, spec.application())
                    .set(ReleaseSearchAttributes.VERSION, request.version())
                    .set(ReleaseSearchAttributes.INITIATOR, request.initiator())
                    .build())
                .setStaticSummary("Deploy " + spec.application() + " " + request.version() + " to " + r.region
                    + " (wave " + wave.spec.name() + ")")
                .setStaticDetails("Lambda `" + spec.deploy().lambda().function() + ":"
                    + spec.deploy().lambda().alias() + "` in " + r.region
                    + (spec.deploy().canary() != null ? ", canary " + spec.deploy().canary().weight() + " for "
                        + Durations.format(spec.deploy().canary().duration()) : ", no canary")
                    + ". Release: `" + releaseId + "`")
                .build());
        Promise<RegionDeploymentResult> p = Async.function(child::deploy, new RegionDeploymentRequest(
            releaseId, request.version(), wave.spec.name(), r.region, spec.deploy().lambda(),
            spec.deploy().canary(), spec.alarms(), build.artifactLocation(), spec.policy().alarmBlocker(),
            spec.policy().alarmBlockerTimeout(), null, spec.policy().blindAfter()));
        p.handle((result, error) -> {
          if (error != null && !firstFailure.isCompleted()) {
            firstFailure.completeExceptionally(error);
          }
          return null;
        });
        running.put(r, p);
      }
    });
    scope.run();
    try {
      Promise.anyOf(Promise.allOf(new ArrayList<>(running.values())), firstFailure).get();
    } catch (TemporalFailure e) {
      // One region failed (or the release was aborted): stop the others, and wait until each has stopped
      // so that nothing changes a region after its rollback begins.
      scope.cancel();
      for (var entry : running.entrySet()) {
        try {
          deployed(entry.getKey(), entry.getValue().get());
        } catch (TemporalFailure regionFailure) {
          if (!isCancellation(regionFailure)) {
            entry.getKey().state = RegionState.FAILED;
            entry.getKey().detail = Halt.rootMessage(regionFailure);
          }
        }
      }
      touch();
      throw e;
    }
    for (var entry : running.entrySet()) {
      deployed(entry.getKey(), entry.getValue().get());
    }
    touch();
  }

  /** A region whose deployment finished: it serves the new version with all traffic. */
  private static void deployed(RegionTracker r, RegionDeploymentResult result) {
    r.state = RegionState.DEPLOYED;
    r.newVersion = result.newVersion();
    r.version = result.newVersion();
    r.weight = 100;
    if (r.rollbackTarget == null) {
      r.rollbackTarget = result.previousVersion();
    }
  }

  private void releaseFlag() {
    FlagSpec flagSpec = spec.flag();
    if (flagSpec.approvalRequired()) {
      awaitGate(FlagSpec.GATE_NAME, ReleasePhase.AWAITING_FLAG_APPROVAL, "the flag");
    }
    enter(ReleasePhase.ENABLING_FLAG, "turning on " + flag.target);
    FlagValue previous = step("capture flag", () -> StepOptions.flag("Read " + flag.target + " (the value to restore)")
        .captureFlag(flag.target));
    // Registered before the flag is set: a set that fails half-way is still undone.
    flag.previous = previous;
    flag.state = FlagState.CAPTURED;
    step("set flag", () -> WholeStep.run(() -> StepOptions.flag("Set " + flag.target + " to \""
        + flagSpec.value() + "\"").setFlag(new FlagWrite(flag.target, flagSpec.value()))));
    flag.state = FlagState.ON;
    if (!flagSpec.bake().isZero()) {
      List<Region> all = deployedRegions();
      step("flag bake", () -> {
        enter(ReleasePhase.FLAG_BAKE, "flag on; baking until " + now().plus(flagSpec.bake())
            + "; watching alarms in " + regionList(all));
        AlarmWatch.watch(all, spec.alarms(), flagSpec.bake(), "Flag bake");
        return null;
      });
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Waiting: gates, windows, pauses
  // ------------------------------------------------------------------------------------------------

  private void awaitGate(String name, ReleasePhase waiting, String what) {
    GateTracker gate = gates.get(name);
    gate.state = GateState.WAITING;
    gate.waitingSince = now();
    Duration timeout = spec.policy().approvalTimeout();
    enter(waiting, "waiting for approval of gate " + name + " before " + what + " (approvers: "
        + String.join(", ", spec.approvers()) + "; not " + request.initiator() + "); rejects at "
        + gate.waitingSince.plus(timeout));
    boolean decided = awaitOrTimeout(timeout, "Approval timeout of gate " + name, () -> gate.state.isDecided());
    if (!decided) {
      gate.state = GateState.TIMED_OUT;
      gate.decidedAt = now();
      record(SYSTEM, "APPROVAL_TIMED_OUT", "gate " + name + " undecided after " + Durations.format(timeout));
      throw new Halt(FailureType.APPROVAL_TIMEOUT, "gate " + name + " was not decided within "
          + Durations.format(timeout), null);
    }
    if (gate.state == GateState.REJECTED) {
      throw new Halt(FailureType.REJECTED, "gate " + name + " rejected by " + gate.decidedBy + ": " + gate.comment, null);
    }
  }

  private void awaitWindow(WaveTracker wave, String position) {
    List<DeploymentWindow> windows = spec.policy().windows().stream().map(DeploymentWindow::parse).toList();
    Instant now = now();
    Instant opens = DeploymentWindow.nextOpening(windows, now);
    if (!opens.isAfter(now)) {
      return;
    }
    wave.state = WaveState.WAITING_FOR_WINDOW;
    wave.waitUntil = opens;
    enter(ReleasePhase.WAITING_FOR_WINDOW, position + " waits for a deployment window ("
        + String.join("; ", spec.policy().windows()) + "); opens at " + opens);
    Workflow.newTimer(Duration.between(now, opens), TimerOptions.newBuilder()
        .setSummary("Wait for deployment window before " + position + ": opens at " + opens).build()).get();
    wave.waitUntil = null;
  }

  /**
   * Runs a step. When it fails and the policy is {@code pause}, waits for an operator: retry runs the
   * step again; rollback, abort or the pause timeout end the release.
   */
  private <T> T step(String name, Supplier<T> body) {
    return step(name, FailureType.DEPLOY_FAILED, body);
  }

  private <T> T step(String name, FailureType otherwise, Supplier<T> body) {
    while (true) {
      try {
        return body.get();
      } catch (TemporalFailure e) {
        if (abortedBy != null || isCancellation(e)) {
          throw e;
        }
        Halt halt = Halt.from(name, e, otherwise);
        if (spec.policy().onFailure() != OnFailure.PAUSE) {
          throw halt;
        }
        pauseAfter(name, halt);
      }
    }
  }

  private void pauseAfter(String step, Halt halt) {
    ReleasePhase before = phase;
    String activityBefore = activity;
    Duration timeout = spec.policy().pauseTimeout();
    pause = new PauseStatus(step, halt.getMessage(), now().plus(timeout));
    pauseAnswer = null;
    record(SYSTEM, "PAUSED", halt.getMessage());
    enter(ReleasePhase.PAUSED, "paused: " + halt.getMessage() + ". Retry or roll back before " + pause.rollbackAt()
        + " (then it rolls back)");
    boolean answered = awaitOrTimeout(timeout, "Pause timeout: roll back unless retried", () -> pauseAnswer != null);
    pause = null;
    if (!answered) {
      record(SYSTEM, "PAUSE_TIMED_OUT", "nobody retried or rolled back within " + Durations.format(timeout));
      throw new Halt(FailureType.PAUSE_TIMEOUT, halt.getMessage() + "; paused and nobody answered within "
          + Durations.format(timeout), halt.getCause());
    }
    if (pauseAnswer == PauseAnswer.ROLLBACK) {
      throw new Halt(FailureType.OPERATOR_ROLLBACK, halt.getMessage() + "; an operator chose to roll back",
          halt.getCause());
    }
    enter(before, "retrying " + step + " (" + activityBefore + ")");
  }

  /** Waits until the condition holds or the timeout passes (a timer with a summary the Web UI shows). */
  private boolean awaitOrTimeout(Duration timeout, String summary, Supplier<Boolean> condition) {
    List<Promise<Void>> timer = new ArrayList<>(1);
    CancellationScope timerScope = Workflow.newCancellationScope(() ->
        timer.add(Workflow.newTimer(timeout, TimerOptions.newBuilder().setSummary(summary).build())));
    timerScope.run();
    Workflow.await(() -> condition.get() || timer.get(0).isCompleted());
    boolean met = condition.get();
    if (!timer.get(0).isCompleted()) {
      timerScope.cancel();
    }
    return met;
  }

  /** A release that stopped leaves nothing looking as if it still waits or deploys. */
  private void closeOutWaiting() {
    Instant now = now();
    for (GateTracker g : gates.values()) {
      if (g.state == GateState.WAITING) {
        g.state = GateState.CANCELLED;
        g.decidedAt = now;
      }
    }
    for (WaveTracker w : waves) {
      boolean inFlight = w.state == WaveState.AWAITING_APPROVAL || w.state == WaveState.WAITING_FOR_WINDOW
          || w.state == WaveState.DEPLOYING || w.state == WaveState.BAKING;
      if (inFlight && w.regions.stream().noneMatch(r -> r.rollbackTarget != null)) {
        w.state = WaveState.CANCELLED;
        w.waitUntil = null;
      }
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Compensation
  // ------------------------------------------------------------------------------------------------

  /**
   * Undoes what the release changed, newest first: the flag, then each wave's regions (in parallel).
   *
   * @return what could not be undone, in words; empty when everything is back
   */
  private List<String> compensate() {
    boolean anythingChanged = (flag != null && flag.previous != null)
        || waves.stream().anyMatch(w -> w.regions.stream().anyMatch(r -> r.rollbackTarget != null));
    if (!anythingChanged) {
      enter(ReleasePhase.FAILED, "failed before anything was changed: " + failure);
      return List.of();
    }
    record(SYSTEM, "ROLLBACK_STARTED", failure);
    enter(ReleasePhase.ROLLING_BACK, "rolling back: " + failure);
    List<String> leftovers = new ArrayList<>();
    if (flag != null && flag.previous != null) {
      activity = "restoring " + flag.target + " to " + flag.previous;
      try {
        StepOptions.flagRestore("Roll back: restore " + flag.target + " to " + flag.previous)
            .restoreFlag(new FlagRestore(flag.target, flag.previous, spec.flag().value()));
        flag.state = FlagState.RESTORED;
      } catch (TemporalFailure e) {
        flag.state = FlagState.RESTORE_FAILED;
        leftovers.add(flag.target + " may still be \"" + spec.flag().value() + "\" (restoring " + flag.previous
            + " failed: " + Halt.rootMessage(e) + ")");
      }
    }
    for (int i = waves.size() - 1; i >= 0; i--) {
      WaveTracker wave = waves.get(i);
      List<RegionTracker> touched = wave.regions.stream().filter(r -> r.rollbackTarget != null).toList();
      if (touched.isEmpty()) {
        continue;
      }
      wave.state = WaveState.ROLLING_BACK;
      activity = "rolling back wave " + wave.spec.name() + ": " + touched.stream()
          .map(r -> r.region + " to version " + r.rollbackTarget).collect(Collectors.joining(", "));
      touch();
      Map<RegionTracker, Promise<?>> rollbacks = new LinkedHashMap<>();
      for (RegionTracker r : touched) {
        r.state = RegionState.ROLLING_BACK;
        AliasRef alias = aliasIn(r.region);
        rollbacks.put(r, Async.function(StepOptions.rollback("Roll back " + alias + " to version " + r.rollbackTarget)
            ::restoreAlias, new dev.shepherd.cloud.AliasRestoreRequest(alias,
            new dev.shepherd.cloud.RollbackTarget(dev.shepherd.cloud.AliasState.of(r.rollbackTarget), null), releaseId,
            r.newVersion == null ? List.of() : List.of(r.newVersion))));
      }
      boolean waveOk = true;
      for (var entry : rollbacks.entrySet()) {
        RegionTracker r = entry.getKey();
        try {
          entry.getValue().get();
          r.state = RegionState.ROLLED_BACK;
          r.version = r.rollbackTarget;
          r.weight = 0;
        } catch (TemporalFailure e) {
          waveOk = false;
          r.state = RegionState.ROLLBACK_FAILED;
          r.detail = "rollback to version " + r.rollbackTarget + " failed: " + Halt.rootMessage(e);
          leftovers.add(r.region + ": " + aliasIn(r.region) + " may still serve version "
              + (r.newVersion != null ? r.newVersion + " (" + r.weight + "%)" : "(unknown: the deploy was cut short)")
              + "; " + r.detail);
        }
      }
      wave.state = waveOk ? WaveState.ROLLED_BACK : WaveState.ROLLBACK_FAILED;
    }
    if (leftovers.isEmpty()) {
      record(SYSTEM, "ROLLED_BACK", "every change undone");
      enter(ReleasePhase.ROLLED_BACK, "rolled back: " + failure);
    } else {
      record(SYSTEM, "ROLLBACK_FAILED", String.join("; ", leftovers));
      enter(ReleasePhase.ROLLBACK_FAILED, "ROLLBACK FAILED, a human must look: " + String.join("; ", leftovers));
    }
    return leftovers;
  }

  // ------------------------------------------------------------------------------------------------
  // Operators: updates and signals
  // ------------------------------------------------------------------------------------------------

  @Override
  public void validateApprove(GateDecision d) {
    refuseIf(checkDecision(d, true));
  }

  @Override
  public GateStatus approve(GateDecision d) {
    refuseIf(checkDecision(d, true));
    return decide(d, GateState.APPROVED);
  }

  @Override
  public void validateReject(GateDecision d) {
    refuseIf(checkDecision(d, false));
  }

  @Override
  public GateStatus reject(GateDecision d) {
    refuseIf(checkDecision(d, false));
    return decide(d, GateState.REJECTED);
  }

  @Override
  public void approveGate(GateDecision d) {
    String refusal = checkDecision(d, true);
    if (refusal != null) {
      record(actorOf(d == null ? null : d.actor()), "IGNORED_SIGNAL", "approve refused: " + refusal);
      return;
    }
    decide(d, GateState.APPROVED);
  }

  @Override
  public void rejectGate(GateDecision d) {
    String refusal = checkDecision(d, false);
    if (refusal != null) {
      record(actorOf(d == null ? null : d.actor()), "IGNORED_SIGNAL", "reject refused: " + refusal);
      return;
    }
    decide(d, GateState.REJECTED);
  }

  @Override
  public void validateAbort(OperatorAction a) {
    refuseIf(checkAbort(a));
  }

  @Override
  public ActionResult abort(OperatorAction a) {
    refuseIf(checkAbort(a));
    return doAbort(a, "ABORTED");
  }

  @Override
  public void abortRelease(OperatorAction a) {
    String refusal = checkAbort(a);
    if (refusal != null) {
      record(actorOf(a == null ? null : a.actor()), "IGNORED_SIGNAL", "abort refused: " + refusal);
      return;
    }
    doAbort(a, "ABORTED");
  }

  @Override
  public void validateRetry(OperatorAction a) {
    refuseIf(checkRetry(a));
  }

  @Override
  public ActionResult retry(OperatorAction a) {
    refuseIf(checkRetry(a));
    pauseAnswer = PauseAnswer.RETRY;
    record(a.actor(), "RETRIED", "retry " + pause.step() + (blank(a.reason()) ? "" : ": " + a.reason()));
    return new ActionResult("retrying " + pause.step(), phase);
  }

  @Override
  public void validateRollback(OperatorAction a) {
    refuseIf(checkRollback(a));
  }

  @Override
  public ActionResult rollback(OperatorAction a) {
    refuseIf(checkRollback(a));
    if (phase == ReleasePhase.PAUSED) {
      pauseAnswer = PauseAnswer.ROLLBACK;
      record(a.actor(), "ROLLBACK_REQUESTED", blank(a.reason()) ? "paused at " + pause.step() : a.reason());
      return new ActionResult("rolling back", phase);
    }
    return doAbort(new OperatorAction(a.actor(), blank(a.reason()) ? "rollback requested" : a.reason()),
        "ROLLBACK_REQUESTED");
  }

  @Override
  public void validateAbandon(OperatorAction a) {
    refuseIf("not yet");
  }

  @Override
  public ActionResult abandon(OperatorAction a) {
    refuseIf("not yet");
    return null;
  }

  public void regionProgress(RegionProgress p) {
    for (WaveTracker w : waves) {
      if (w.state != WaveState.DEPLOYING) {
        // Only a region being deployed reports; anything else (a stray or hand-sent signal) must not set
        // a rollback target.
        continue;
      }
      for (RegionTracker r : w.regions) {
        if (r.region.equals(p.region())) {
          // The first capture is the rollback target; a retried region must not replace it.
          if (r.rollbackTarget == null && p.previousVersion() != null) {
            r.rollbackTarget = p.previousVersion();
          }
          if (r.version == null) {
            r.version = p.previousVersion();
          }
          r.state = p.state();
          if (p.newVersion() != null) {
            r.newVersion = p.newVersion();
          }
          r.weight = p.weight();
          touch();
          return;
        }
      }
    }
  }

  @Override
  public ReleaseStatus status() {
    return new ReleaseStatus(
        Workflow.getInfo().getWorkflowId(),
        spec == null ? null : spec.application(),
        request.version(),
        request.initiator(),
        phase,
        activity,
        waves.stream().map(WaveTracker::toStatus).toList(),
        gates.values().stream().map(GateTracker::toStatus).toList(),
        flag == null ? null : flag.toStatus(spec.flag()),
        pause,
        failure,
        build == null ? null : build.buildId(),
        build == null ? null : build.artifactLocation(),
        startedAt,
        updatedAt,
        List.copyOf(audit), List.of());
  }

  /** Why the decision is refused, or null when it is allowed. */
  private String checkDecision(GateDecision d, boolean approving) {
    String verb = approving ? "approve" : "reject";
    if (d == null || blank(d.actor())) {
      return "who is deciding? give the approver's name";
    }
    if (phase.isFinal() || phase == ReleasePhase.ROLLING_BACK || abortedBy != null) {
      return "the release is " + (abortedBy != null && !phase.isFinal() ? "aborted" : phase) + "; there is nothing to " + verb;
    }
    if (gates.isEmpty()) {
      return "this release has no approval gates";
    }
    GateTracker gate;
    if (blank(d.gate())) {
      gate = gates.values().stream().filter(g -> g.state == GateState.WAITING).findFirst().orElse(null);
      if (gate == null) {
        return "no gate is waiting for a decision now (gates: " + gateSummary() + ")";
      }
    } else {
      gate = gates.get(d.gate());
      if (gate == null) {
        return "there is no gate named \"" + d.gate() + "\" (gates: " + String.join(", ", gates.keySet()) + ")";
      }
    }
    if (gate.state.isDecided()) {
      return "gate " + gate.name + " was already " + gate.state.name().toLowerCase(java.util.Locale.ROOT)
          + (gate.decidedBy != null ? " by " + gate.decidedBy : "") + " at " + gate.decidedAt;
    }
    if (gate.state != GateState.WAITING) {
      return "gate " + gate.name + " is not waiting for a decision yet; it opens when the release reaches it";
    }
    if (approving) {
      if (d.actor().equals(request.initiator())) {
        return d.actor() + " started this release and may not approve it; another approver must (four eyes)";
      }
      if (!spec.approvers().contains(d.actor())) {
        return d.actor() + " is not an approver of " + spec.application() + " (approvers: "
            + String.join(", ", spec.approvers()) + ")";
      }
    } else {
      if (!d.actor().equals(request.initiator()) && !spec.approvers().contains(d.actor())) {
        return d.actor() + " may not reject: only the approvers (" + String.join(", ", spec.approvers())
            + ") and the initiator can";
      }
      if (blank(d.comment())) {
        return "a reason is required to reject";
      }
    }
    return null;
  }

  private GateStatus decide(GateDecision d, GateState decision) {
    GateTracker gate = blank(d.gate())
        ? gates.values().stream().filter(g -> g.state == GateState.WAITING).findFirst().orElseThrow()
        : gates.get(d.gate());
    gate.state = decision;
    gate.decidedBy = d.actor();
    gate.comment = d.comment();
    gate.decidedAt = now();
    record(d.actor(), decision == GateState.APPROVED ? "APPROVED" : "REJECTED",
        "gate " + gate.name + (blank(d.comment()) ? "" : ": " + d.comment()));
    log.info("gate {} {} by {}", gate.name, decision, d.actor());
    return gate.toStatus();
  }

  private String checkAbort(OperatorAction a) {
    if (a == null || blank(a.actor())) {
      return "who is aborting? give a name";
    }
    if (blank(a.reason())) {
      return "a reason is required to abort";
    }
    return checkRunning();
  }

  private String checkRetry(OperatorAction a) {
    if (a == null || blank(a.actor())) {
      return "who is retrying? give a name";
    }
    if (abortedBy != null) {
      return "the release was aborted by " + abortedBy.actor() + "; there is nothing to retry";
    }
    if (phase != ReleasePhase.PAUSED || pauseAnswer != null) {
      return "the release is not paused (phase " + phase + "); retry applies to a paused release";
    }
    return null;
  }

  private String checkRollback(OperatorAction a) {
    if (a == null || blank(a.actor())) {
      return "who is rolling back? give a name";
    }
    if (phase == ReleasePhase.PAUSED && pauseAnswer == null && abortedBy == null) {
      return null;
    }
    return checkRunning();
  }

  private String checkRunning() {
    if (abortedBy != null) {
      return "the release was already aborted by " + abortedBy.actor();
    }
    if (phase.isFinal() || phase == ReleasePhase.ROLLING_BACK) {
      return "the release is " + phase + "; it can no longer be aborted";
    }
    return null;
  }

  private ActionResult doAbort(OperatorAction a, String action) {
    abortedBy = a;
    record(a.actor(), action, a.reason());
    activity = "aborting: stopping " + activity;
    touch();
    if (mainScope != null) {
      mainScope.cancel(a.reason());
    }
    return new ActionResult("aborted; rolling back", phase);
  }

  private static void refuseIf(String refusal) {
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Helpers
  // ------------------------------------------------------------------------------------------------

  private void enter(ReleasePhase next, String what) {
    boolean changed = next != phase;
    phase = next;
    activity = what;
    touch();
    if (changed) {
      Workflow.upsertTypedSearchAttributes(ReleaseSearchAttributes.PHASE.valueSet(next.name()));
    }
  }

  /** Marks the status changed and republishes the current details for the Web UI. */
  private void touch() {
    updatedAt = now();
    Workflow.setCurrentDetails(currentDetails());
  }

  private String currentDetails() {
    StringBuilder sb = new StringBuilder();
    sb.append("**").append(phase).append("**: ").append(activity).append("\n\n");
    for (WaveTracker w : waves) {
      sb.append("- wave `").append(w.spec.name()).append("` ").append(w.state);
      if (w.waitUntil != null) {
        sb.append(" until ").append(w.waitUntil);
      }
      sb.append(": ");
      sb.append(w.regions.stream().map(r -> r.region + " " + r.state
              + (r.newVersion != null ? " v" + r.newVersion + " " + r.weight + "%" : "")
              + (r.rollbackTarget != null ? " (was v" + r.rollbackTarget + ")" : ""))
          .collect(Collectors.joining(", ")));
      sb.append('\n');
    }
    for (GateTracker g : gates.values()) {
      sb.append("- gate `").append(g.name).append("` ").append(g.state);
      if (g.decidedBy != null) {
        sb.append(" by ").append(g.decidedBy);
      }
      sb.append('\n');
    }
    if (flag != null) {
      sb.append("- flag ").append(flag.target).append(' ').append(flag.state).append('\n');
    }
    return sb.toString();
  }

  private void record(String actor, String action, String detail) {
    if (audit.size() >= AUDIT_LIMIT) {
      audit.remove(0);
    }
    audit.add(new AuditEntry(now(), actor, action, detail));
    touch();
  }

  private List<Region> deployedRegions() {
    List<Region> out = new ArrayList<>();
    for (WaveTracker w : waves) {
      for (RegionTracker r : w.regions) {
        if (r.state == RegionState.DEPLOYED) {
          out.add(r.region);
        }
      }
    }
    return out;
  }

  private AliasRef aliasIn(Region region) {
    return new AliasRef(region, spec.deploy().lambda().function(), spec.deploy().lambda().alias());
  }

  private String gateSummary() {
    return gates.values().stream().map(g -> g.name + " " + g.state).collect(Collectors.joining(", "));
  }

  private static String regionList(List<Region> regions) {
    return regions.stream().map(Region::code).collect(Collectors.joining(", "));
  }

  private static String actorOf(String actor) {
    return blank(actor) ? "(unnamed)" : actor;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  static boolean isCancellation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------------------------------------
  // State
  // ------------------------------------------------------------------------------------------------

  /** Why the release stopped going forward. */
  static final class Halt extends RuntimeException {
    final FailureType type;

    Halt(FailureType type, String message, Throwable cause) {
      super(message, cause);
      this.type = type;
    }

    static Halt from(String step, TemporalFailure e, FailureType otherwise) {
      if (isCancellation(e)) {
        return new Halt(FailureType.ABORTED, step + " was cancelled", e);
      }
      return new Halt(typeOf(e, otherwise), step + " failed: " + rootMessage(e), e);
    }

    static FailureType typeOf(Throwable e, FailureType otherwise) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ApplicationFailure af && af.getType() != null) {
          for (FailureType type : FailureType.values()) {
            if (type.name().equals(af.getType())) {
              return type;
            }
          }
        }
      }
      return otherwise;
    }

    /** The innermost message, which is the one that says what went wrong. */
    static String rootMessage(Throwable e) {
      String message = e.getMessage();
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ApplicationFailure af) {
          message = af.getOriginalMessage();
        } else if (t instanceof TimeoutFailure tf) {
          message = "timed out (" + tf.getTimeoutType().name().toLowerCase(java.util.Locale.ROOT)
              .replace("timeout_type_", "").replace('_', '-') + ")";
        } else if (!(t instanceof ActivityFailure) && !(t instanceof ChildWorkflowFailure)
            && t instanceof TemporalFailure tf) {
          message = tf.getOriginalMessage();
        }
      }
      return message;
    }
  }

  private final class WaveTracker {
    final WaveSpec spec;
    final List<RegionTracker> regions = new ArrayList<>();
    WaveState state = WaveState.PENDING;
    Instant waitUntil;

    WaveTracker(WaveSpec spec) {
      this.spec = spec;
      for (Region r : spec.regions()) {
        regions.add(new RegionTracker(r));
      }
    }

    WaveStatus toStatus() {
      return new WaveStatus(spec.name(), state, regions.stream().map(RegionTracker::toStatus).toList(),
          spec.bake(), waitUntil);
    }
  }

  private static final class RegionTracker {
    final Region region;
    RegionState state = RegionState.PENDING;
    String version;
    String rollbackTarget;
    String newVersion;
    int weight;
    String detail;

    RegionTracker(Region region) {
      this.region = region;
    }

    RegionStatus toStatus() {
      return new RegionStatus(region, state, version, rollbackTarget, newVersion, weight, detail, null);
    }
  }

  private static final class GateTracker {
    final String name;
    GateState state = GateState.PENDING;
    String decidedBy;
    String comment;
    Instant waitingSince;
    Instant decidedAt;

    GateTracker(String name) {
      this.name = name;
    }

    GateStatus toStatus() {
      return new GateStatus(name, state, decidedBy, comment, waitingSince, decidedAt);
    }
  }

  private final class FlagTracker {
    final FlagTarget target;
    FlagState state = FlagState.PENDING;
    FlagValue previous;

    FlagTracker(FlagSpec flag) {
      Region region = flag.region() != null ? flag.region()
          : spec.allRegions().isEmpty() ? null : spec.allRegions().get(0);
      this.target = new FlagTarget(region, flag.ssm(), flag.appconfig());
    }

    FlagStatus toStatus(FlagSpec flag) {
      return new FlagStatus(target.toString(), state, flag.value(), previous == null ? null : previous.toString());
    }
  }
}
