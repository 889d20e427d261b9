package dev.shepherd.release.story;

import dev.shepherd.release.FailureType;
import dev.shepherd.release.ReleaseIds;
import dev.shepherd.release.ReleaseSearchAttributes;
import dev.shepherd.release.region.RegionDeploymentRequest;
import dev.shepherd.release.region.RegionDeploymentResult;
import dev.shepherd.release.region.RegionDeploymentWorkflow;
import dev.shepherd.release.region.RegionDeploymentWorkflowImpl;
import dev.shepherd.release.region.RegionReport;
import dev.shepherd.release.status.HookRun;
import dev.shepherd.release.status.RegionAnalysis;
import dev.shepherd.release.status.RegionState;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.WaveState;
import dev.shepherd.analysis.AnalysisVerdict;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.spec.AnalysisPhase;
import dev.shepherd.spec.AnalysisSpec;
import dev.shepherd.cloud.RollbackTarget;
import dev.shepherd.cloud.RollbackTargets;
import dev.shepherd.cloud.RollbackTargetsRequest;
import dev.shepherd.spec.DeploymentWindow;
import dev.shepherd.spec.Durations;
import dev.shepherd.spec.OnFailure;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One wave: its gate, its deployment window, its regions deployed in parallel (each a child workflow),
 * then its bake. Before a region's deployment starts, the release itself reads the alias (the rollback
 * target) and registers the region's undo; once the region serves the new version, the guard watches it.
 */
final class WaveRollout {

  private final ReleaseState state;
  private final StepRunner steps;
  private final RegionGuard guard;

  WaveRollout(ReleaseState state, StepRunner steps, RegionGuard guard) {
    this.state = state;
    this.steps = steps;
    this.guard = guard;
  }

  void run(WaveTracker wave) {
    String position = "wave " + wave.spec().name() + " (" + (wave.index() + 1) + "/" + state.waves.size() + ")";
    if (wave.spec().approvalRequired()) {
      wave.awaitingApproval();
      steps.run("approval of " + position, FailureType.REJECTED, () -> {
        Gates.await(state, wave.spec().name(), ReleasePhase.AWAITING_APPROVAL, position);
        return null;
      });
    }
    AnalysisSpec analysis = state.analysisFor(wave.spec());
    OnFailure onAnalysisFail = analysis != null && analysis.judges(AnalysisPhase.CANARY)
        && state.spec.deploy().canary() != null ? analysis.onFail(state.spec.policy()) : null;
    steps.run("deploy " + position, FailureType.DEPLOY_FAILED, onAnalysisFail, () -> {
      // Inside the step: a retry after a long pause waits for a window again.
      if (!state.spec.policy().windows().isEmpty()) {
        awaitWindow(wave, position);
      }
      wave.deploying(ReleaseState.now());
      state.enter(ReleasePhase.DEPLOYING, "deploying " + position + " to " + regionList(wave.spec().regions()));
      deploy(wave);
      return null;
    });
    guard.watch(state.deployedRegions());

    if (!wave.spec().bake().isZero()) {
      wave.baking();
      boolean judged = analysis != null && analysis.judges(AnalysisPhase.BAKE);
      steps.run("bake " + position, FailureType.ALARM, judged ? analysis.onFail(state.spec.policy()) : null, () -> {
        Instant bakeStart = ReleaseState.now();
        java.util.function.Consumer<java.time.Duration> bake = round -> {
          wave.bakingUntil(ReleaseState.now().plus(round));
          state.enter(ReleasePhase.BAKING, "baking " + position + " until " + wave.waitUntil()
              + (state.spec.alarms().isEmpty() ? "" : "; watching alarms in " + regionList(state.deployedRegions()))
              + (judged ? "; then canary analysis judges each region" : ""));
          Waits.sleep(round, "Bake " + position + ": " + Durations.format(round) + " until "
              + wave.waitUntil() + " while the guard watches the alarms");
        };
        if (!judged) {
          bake.accept(wave.spec().bake());
          return null;
        }
        judgeBake(wave, analysis, bakeStart, bake);
        return null;
      });
      wave.baked();
    }
    wave.done(ReleaseState.now());
    state.touch();
  }

  /**
   * The bake with canary analysis: the new version, now taking all traffic since the bake began, against the
   * version it replaced over a window of the same length just before the wave began to deploy.
   */
  private void judgeBake(WaveTracker wave, AnalysisSpec analysis, Instant bakeStart,
      java.util.function.Consumer<java.time.Duration> bake) {
    Instant before = wave.startedAt() != null ? wave.startedAt() : bakeStart;
    Map<CanaryAnalysis.Comparison, RegionTracker> judged = new LinkedHashMap<>();
    for (RegionTracker r : wave.regions()) {
      if (r.newVersion() != null && r.rollbackVersion() != null && !r.newVersion().equals(r.rollbackVersion())) {
        judged.put(new CanaryAnalysis.Comparison(state.aliasIn(r.region()), r.rollbackVersion(), r.newVersion(), before), r);
      }
    }
    if (judged.isEmpty()) {
      bake.accept(wave.spec().bake());
      return;
    }
    CanaryAnalysis.run(analysis, new ArrayList<>(judged.keySet()), bakeStart, wave.spec().bake(), bake,
        (comparison, verdict) -> {
          RegionTracker r = judged.get(comparison);
          r.judged(new RegionAnalysis(AnalysisPhase.BAKE, verdict));
          state.record(ReleaseState.SYSTEM, "ANALYSIS_" + verdict.outcome(), "bake in " + r.region() + ": "
              + verdict.summary());
        },
        what -> state.enter(ReleasePhase.BAKING, what), "the bake of wave " + wave.spec().name());
  }

  private void awaitWindow(WaveTracker wave, String position) {
    List<DeploymentWindow> windows = state.spec.policy().windows().stream().map(DeploymentWindow::parse).toList();
    Instant now = ReleaseState.now();
    Instant opens = DeploymentWindow.nextOpening(windows, now);
    if (!opens.isAfter(now)) {
      return;
    }
    wave.waitingForWindow(opens);
    state.enter(ReleasePhase.WAITING_FOR_WINDOW, position + " waits for a deployment window ("
        + String.join("; ", state.spec.policy().windows()) + "); opens at " + opens);
    Waits.sleep(java.time.Duration.between(now, opens), "Wait for deployment window before " + position
        + ": opens at " + opens);
    wave.windowOpened();
  }

  private void deploy(WaveTracker wave) {
    List<RegionTracker> todo = wave.regions().stream().filter(r -> r.state() != RegionState.DEPLOYED).toList();
    captureRollbackTargets(wave, todo);
    Map<RegionTracker, Promise<RegionDeploymentResult>> running = new LinkedHashMap<>();
    CompletablePromise<Void> firstFailure = Workflow.newPromise();
    CancellationScope scope = Workflow.newCancellationScope(() -> {
      for (RegionTracker r : todo) {
        // Armed before the child starts: from here on the region may change.
        r.deploying();
        Promise<RegionDeploymentResult> p = Async.function(child(wave, r)::deploy, request(wave, r));
        p.handle((result, error) -> {
          if (error != null && !firstFailure.isCompleted()) {
            firstFailure.completeExceptionally(error);
          }
          return null;
        });
        running.put(r, p);
      }
    });
    state.touch();
    scope.run();
    try {
      Promise.anyOf(Promise.allOf(new ArrayList<>(running.values())), firstFailure).get();
    } catch (TemporalFailure e) {
      // One region failed (or the release was stopped): stop the others, and wait until each has stopped
      // so that nothing changes a region after its rollback begins.
      scope.cancel();
      for (var entry : running.entrySet()) {
        RegionTracker r = entry.getKey();
        try {
          deployed(r, entry.getValue().get());
        } catch (TemporalFailure regionFailure) {
          String published = publishedVersion(regionFailure);
          reported(r, regionReport(regionFailure));
          r.failed(published, Halt.isCancellation(regionFailure) ? "stopped: " + Halt.rootMessage(regionFailure)
              : Halt.rootMessage(regionFailure));
        }
      }
      state.touch();
      throw e;
    }
    for (var entry : running.entrySet()) {
      deployed(entry.getKey(), entry.getValue().get());
    }
    state.touch();
  }

  /**
   * Reads each region's alias before anything in it changes, all at once, and registers its undo. A region
   * retried after a pause keeps the target captured the first time: the alias may now be on this release's
   * canary.
   */
  private void captureRollbackTargets(WaveTracker wave, List<RegionTracker> regions) {
    List<RegionTracker> unread = regions.stream().filter(r -> r.rollbackTarget() == null).toList();
    Map<RegionTracker, Promise<RollbackTarget>> reads = new LinkedHashMap<>();
    if (!unread.isEmpty() && state.changes.waveReadsFirst()) {
      // One activity for the wave: one completion for the release to wait for, not one per region.
      List<AliasRef> aliases = unread.stream().map(r -> state.aliasIn(r.region())).toList();
      String summary = unread.size() == 1 ? "Capture rollback target: read " + aliases.get(0)
          : "Capture rollback targets: read " + state.spec.deploy().lambda().function() + ":"
              + state.spec.deploy().lambda().alias() + " in " + regionList(unread.stream().map(RegionTracker::region).toList());
      Promise<RollbackTargets> all = Async.function(ActivityStubs.deploy(summary)::captureRollbackTargets,
          new RollbackTargetsRequest(aliases));
      for (int i = 0; i < unread.size(); i++) {
        int at = i;
        reads.put(unread.get(i), all.thenApply(read -> read.targets().get(at)));
      }
    } else {
      for (RegionTracker r : unread) {
        AliasRef alias = state.aliasIn(r.region());
        reads.put(r, Async.function(ActivityStubs.deploy("Capture rollback target: read " + alias)::captureRollbackTarget,
            alias));
      }
    }
    for (var entry : reads.entrySet()) {
      RegionTracker r = entry.getKey();
      RollbackTarget target = entry.getValue().get();
      r.captured(target, state.plan.registerAlias(wave, r));
    }
    state.touch();
  }

  private RegionDeploymentWorkflow child(WaveTracker wave, RegionTracker r) {
    ReleaseSpec spec = state.spec;
    return Workflow.newChildWorkflowStub(RegionDeploymentWorkflow.class, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(ReleaseIds.region(state.releaseId, r.region()))
        .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(ReleaseSearchAttributes.APPLICATION, spec.application())
            .set(ReleaseSearchAttributes.VERSION, state.request.version())
            .set(ReleaseSearchAttributes.INITIATOR, state.request.initiator())
            .build())
        .setStaticSummary("Deploy " + spec.application() + " " + state.request.version() + " to " + r.region()
            + " (wave " + wave.spec().name() + ")")
        .setStaticDetails("Lambda `" + spec.deploy().lambda().function() + ":" + spec.deploy().lambda().alias()
            + "` in " + r.region() + ", rollback target version " + r.rollbackVersion()
            + (spec.deploy().canary() != null ? ", canary " + spec.deploy().canary().weight() + " for "
                + Durations.format(spec.deploy().canary().duration()) : ", no canary")
            + ". Release: `" + state.releaseId + "`")
        .build());
  }

  private RegionDeploymentRequest request(WaveTracker wave, RegionTracker r) {
    ReleaseSpec spec = state.spec;
    return new RegionDeploymentRequest(state.releaseId, state.request.version(), wave.spec().name(), r.region(),
        spec.deploy().lambda(), spec.deploy().canary(), spec.alarms(), state.build().artifactLocation(),
        spec.policy().alarmBlocker(), spec.policy().alarmBlockerTimeout(), r.rollbackTarget(),
        spec.policy().blindAfter(), state.build().artifactSha256(), spec.application(), state.analysisFor(wave.spec()),
        state.hooks(), r.promoted());
  }

  /** A region whose deployment finished: it serves the new version with all traffic. */
  private void deployed(RegionTracker r, RegionDeploymentResult result) {
    reported(r, result.report());
    r.deployed(result.newVersion());
  }

  /**
   * Keeps what a region's deployment judged (its canary analysis verdicts and hook runs) in the region's status
   * and the audit log.
   */
  private void reported(RegionTracker r, RegionReport report) {
    if (report == null) {
      return;
    }
    if (report.promoted() != null) {
      r.promotedBeforeItStopped(report.promoted());
    }
    for (AnalysisVerdict v : report.analysis()) {
      r.judged(new RegionAnalysis(AnalysisPhase.CANARY, v));
      state.record(ReleaseState.SYSTEM, "ANALYSIS_" + v.outcome(), "canary in " + r.region() + ": " + v.summary());
    }
    for (HookRun h : report.hooks()) {
      r.hookRan(h);
      state.record(ReleaseState.SYSTEM, h.passed() ? "HOOK_PASSED" : "HOOK_FAILED", r.region() + ": " + h.summary());
    }
  }

  /** The report in a failed region deployment's details (after the published version); null when it has none. */
  static RegionReport regionReport(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af && af.getDetails() != null && af.getDetails().getSize() > 1) {
        try {
          return af.getDetails().get(1, RegionReport.class, RegionReport.class);
        } catch (RuntimeException unreadable) {
          return null;
        }
      }
    }
    return null;
  }

  /**
   * The version a failed region deployment had published: the region workflow carries it in its failure's
   * details (see {@link RegionDeploymentWorkflowImpl}); null when it had not published one.
   */
  static String publishedVersion(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af && af.getDetails() != null && af.getDetails().getSize() > 0) {
        try {
          return af.getDetails().get(0, String.class, String.class);
        } catch (RuntimeException unreadable) {
          return null;
        }
      }
    }
    return null;
  }

  private static String regionList(List<Region> regions) {
    return regions.stream().map(Region::code).collect(Collectors.joining(", "));
  }
}
