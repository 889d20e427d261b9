package dev.shepherd.release.region;

import dev.shepherd.release.FailureType;
import dev.shepherd.release.status.HookRun;
import dev.shepherd.release.status.RegionState;
import dev.shepherd.release.story.ActivityStubs;
import dev.shepherd.release.story.AlarmWatch;
import dev.shepherd.release.story.CanaryAnalysis;
import dev.shepherd.release.story.Halt;
import dev.shepherd.release.story.ReleaseState;
import dev.shepherd.release.story.WholeChange;
import dev.shepherd.cloud.AlarmCheck;
import dev.shepherd.cloud.AlarmCheckRequest;
import dev.shepherd.cloud.AliasMoveRequest;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.CanaryRouteRequest;
import dev.shepherd.cloud.CodeUpdate;
import dev.shepherd.cloud.CodeUpdateRequest;
import dev.shepherd.analysis.AnalysisVerdict;
import dev.shepherd.cloud.FiringAlarm;
import dev.shepherd.cloud.HookPoint;
import dev.shepherd.cloud.HookRequest;
import dev.shepherd.cloud.HookResult;
import dev.shepherd.spec.AnalysisPhase;
import dev.shepherd.spec.AnalysisSpec;
import dev.shepherd.spec.HookSpec;
import java.util.ArrayList;
import dev.shepherd.cloud.PublishRequest;
import dev.shepherd.cloud.PublishedVersion;
import dev.shepherd.cloud.RollbackTarget;
import dev.shepherd.spec.AlarmBlocker;
import dev.shepherd.spec.CanarySpec;
import dev.shepherd.spec.Durations;
import dev.shepherd.spec.PolicySpec;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** One region's deployment: see {@link RegionDeploymentWorkflow}. */
public class RegionDeploymentWorkflowImpl implements RegionDeploymentWorkflow {

  private RegionProgress progress;
  private String published;
  private final List<AnalysisVerdict> verdicts = new ArrayList<>();
  private final List<HookRun> hooks = new ArrayList<>();
  private String promoted;

  @Override
  public RegionDeploymentResult deploy(RegionDeploymentRequest request) {
    refuseUnlessUnderItsRelease(request);
    try {
      return deployRegion(request);
    } catch (TemporalFailure e) {
      if (published == null || Halt.isCancellation(e)) {
        throw e;
      }
      // The release must learn which version this region published even though it failed: its undo
      // restores the alias only from a version of this release.
      if (verdicts.isEmpty() && hooks.isEmpty() && promoted == null) {
        throw ApplicationFailure.newNonRetryableFailureWithCause(Halt.rootMessage(e),
            Halt.typeOf(e, FailureType.DEPLOY_FAILED).name(), e, published);
      }
      throw ApplicationFailure.newNonRetryableFailureWithCause(Halt.rootMessage(e),
          Halt.typeOf(e, FailureType.DEPLOY_FAILED).name(), e, published, report());
    }
  }

  /**
   * A region deployment runs only as the child of its release: started any other way (by hand, from the
   * Temporal CLI) it would change a region with nobody to roll it back.
   */
  private static void refuseUnlessUnderItsRelease(RegionDeploymentRequest request) {
    String parent = Workflow.getInfo().getParentWorkflowId().orElse(null);
    // The parent is recorded by the server when the child starts; its own id is not checked, since a
    // replay runs under a stand-in id.
    boolean ok = request != null && request.releaseId() != null && request.region() != null
        && request.releaseId().equals(parent)
        && request.rollbackTarget() != null && request.rollbackTarget().state() != null;
    if (!ok) {
      throw FailureType.NOT_UNDER_A_RELEASE.failure("a region deployment runs only as a child of its release"
          + " (release/<app>/<version>), started by it with the rollback target it captured; this one was started "
          + (parent == null ? "on its own" : "by " + parent) + ". Nothing was changed.");
    }
  }

  private RegionDeploymentResult deployRegion(RegionDeploymentRequest request) {
    AliasRef alias = new AliasRef(request.region(), request.lambda().function(), request.lambda().alias());
    RollbackTarget target = request.rollbackTarget();
    AliasState before = target.state();
    progress = new RegionProgress(request.region(), RegionState.CAPTURED, before.version(), null, 0);

    if (!request.alarms().isEmpty()) {
      awaitQuietAlarms(request);
    }

    details("updating the code of " + alias.function() + " from " + request.artifactLocation());
    CodeUpdate code = WholeChange.run(() -> ActivityStubs.updateCode("Update code of " + alias.function() + " in "
            + request.region() + " from " + request.artifactLocation())
        .updateCode(new CodeUpdateRequest(alias, request.artifactLocation(), request.releaseId(),
            request.artifactSha256())));
    PublishedVersion version = WholeChange.run(() -> ActivityStubs.deploy("Publish a version of " + alias.function()
            + " in " + request.region())
        .publishVersion(new PublishRequest(alias, code.codeSha256(), request.releaseId() + " (" + request.version() + ")",
            request.releaseId(), code.revisionId())));
    String newVersion = version.version();
    published = newVersion;
    if (newVersion.equals(request.promoted()) && !newVersion.equals(before.version())) {
      // A retry of a region that failed after its promotion (in its afterTraffic hook): the alias already
      // serves the version with all its traffic, so only what came after the promotion runs again.
      confirmPromoted(alias, newVersion);
      return afterPromotion(request, alias, before, newVersion);
    }
    runHook(request, HookPoint.BEFORE_TRAFFIC, alias, newVersion, before.version());

    CanarySpec canary = request.canary();
    AliasState promoteFrom = before;
    if (canary != null && !newVersion.equals(before.version())) {
      try {
        WholeChange.run(() -> ActivityStubs.deploy("Canary: route " + canary.weight() + " of " + alias + " to version "
                + newVersion)
            .routeCanary(new CanaryRouteRequest(alias, before.version(), newVersion, canary.weight(), before)));
      } catch (ActivityFailure e) {
        if (!refusedAsAlreadyPromoted(request, e)) {
          throw e;
        }
        confirmPromoted(alias, newVersion);
        return afterPromotion(request, alias, before, newVersion);
      }
      promoteFrom = new AliasState(before.version(), newVersion, canary.weight().percent());
      progress = new RegionProgress(request.region(), RegionState.CANARY, before.version(), newVersion,
          canary.weight().percent());
      Duration blindAfter = request.blindAfter() == null ? PolicySpec.DEFAULT_BLIND_AFTER : request.blindAfter();
      AnalysisSpec analysis = request.analysis();
      if (analysis != null && analysis.judges(AnalysisPhase.CANARY)) {
        details("canary: " + canary.weight() + " of traffic on version " + newVersion + " for "
            + Durations.format(canary.duration()) + " while alarms are watched, then judged on its metrics");
        CanaryAnalysis.run(analysis, List.of(new CanaryAnalysis.Comparison(alias, before.version(), newVersion, null)),
            ReleaseState.now(), canary.duration(),
            round -> AlarmWatch.watch(List.of(request.region()), request.alarms(), round, blindAfter,
                "Canary in " + request.region()),
            (judged, verdict) -> {
              if (!verdicts.isEmpty()) {
                verdicts.set(verdicts.size() - 1, verdicts.get(verdicts.size() - 1).withoutSeries());
              }
              verdicts.add(verdict);
              details("canary analysis: " + verdict.summary());
            },
            this::details, "the canary in " + request.region());
      } else {
        details("canary: " + canary.weight() + " of traffic on version " + newVersion + " for "
            + Durations.format(canary.duration()) + " while alarms are watched");
        AlarmWatch.watch(List.of(request.region()), request.alarms(), canary.duration(), blindAfter,
            "Canary in " + request.region());
      }
    }

    details("promoting version " + newVersion + " to 100% of " + alias);
    AliasState expected = promoteFrom;
    WholeChange.run(() -> ActivityStubs.deploy("Promote " + alias + " to version " + newVersion + " (100%)")
        .promote(new AliasMoveRequest(alias, newVersion, expected)));
    promoted = newVersion;
    return afterPromotion(request, alias, before, newVersion);
  }

  /**
   * Whether a refused canary may be a retry of a region that an earlier attempt promoted and that was then stopped in
   * its afterTraffic hook (a stopped region deployment cannot tell its release it had promoted): only releases with
   * an afterTraffic hook, the one step after a promotion, and only a refusal because the alias moved.
   */
  private static boolean refusedAsAlreadyPromoted(RegionDeploymentRequest request, ActivityFailure e) {
    return request.hooks() != null && request.hooks().afterTraffic() != null
        && Halt.typeOf(e, FailureType.DEPLOY_FAILED) == FailureType.ALIAS_MOVED;
  }

  /**
   * A retry of a region an earlier attempt promoted: checks that the alias still serves the new version with all
   * its traffic. Refused (ALIAS_MOVED) when someone moved it since; changes nothing when it is there.
   */
  private void confirmPromoted(AliasRef alias, String newVersion) {
    AliasState there = AliasState.of(newVersion);
    WholeChange.run(() -> ActivityStubs.deploy("Check that " + alias + " still serves version " + newVersion
            + " (100%)")
        .promote(new AliasMoveRequest(alias, newVersion, there)));
    promoted = newVersion;
    details("version " + newVersion + " already takes all of " + alias + "'s traffic (promoted before this retry)");
  }

  private RegionDeploymentResult afterPromotion(RegionDeploymentRequest request, AliasRef alias, AliasState before,
      String newVersion) {
    runHook(request, HookPoint.AFTER_TRAFFIC, alias, newVersion, before.version());
    progress = new RegionProgress(request.region(), RegionState.DEPLOYED, before.version(), newVersion, 100);
    details("deployed: " + alias + " serves version " + newVersion + " (was " + before.version() + ")");
    return new RegionDeploymentResult(request.region(), before.version(), newVersion,
        verdicts.isEmpty() && hooks.isEmpty() ? null : report());
  }

  private RegionReport report() {
    return new RegionReport(verdicts, hooks, promoted);
  }

  /** Runs the spec's hook at this point, if it has one; a failed hook fails the region. */
  private void runHook(RegionDeploymentRequest request, HookPoint point, AliasRef alias, String newVersion,
      String previousVersion) {
    HookSpec hook = request.hooks() == null ? null
        : point == HookPoint.BEFORE_TRAFFIC ? request.hooks().beforeTraffic() : request.hooks().afterTraffic();
    if (hook == null) {
      return;
    }
    details("running the " + point.key() + " hook " + hook.function() + " on version " + newVersion);
    HookResult result = ActivityStubs.hook(hook.timeout(), "Hook " + point.key() + ": " + hook.function() + " in "
            + request.region() + " on version " + newVersion)
        .runHook(new HookRequest(point, request.region(), hook.function(), hook.timeout(), request.releaseId(),
            request.application(), request.version(), alias, newVersion, previousVersion));
    HookRun run = new HookRun(point, hook.function(), result.passed(), result.reason(), result.millis());
    hooks.add(run);
    if (!result.passed()) {
      throw FailureType.HOOK_FAILED.failure("the " + point.key() + " hook " + hook.function() + " failed in "
          + request.region() + " on version " + newVersion + ": " + result.reason());
    }
    details(run.summary());
  }

  /**
   * The alarm blocker: a region whose alarms already fire is not touched. With {@code WAIT} the region
   * re-checks (a durable timer between checks, a bounded number of times) until its alarms are quiet or
   * the blocker timeout passes.
   */
  private void awaitQuietAlarms(RegionDeploymentRequest request) {
    boolean wait = request.alarmBlocker() == AlarmBlocker.WAIT;
    Duration timeout = request.alarmBlockerTimeout() == null ? Duration.ZERO : request.alarmBlockerTimeout();
    long giveUpAt = Workflow.currentTimeMillis() + timeout.toMillis();
    Duration recheck = recheckInterval(timeout);
    while (true) {
      details("checking that no alarm is firing in " + request.region() + " before touching it");
      AlarmCheck check = WholeChange.run(() -> ActivityStubs.check("Alarm blocker: " + String.join(", ", request.alarms())
          + " in " + request.region()).checkAlarms(new AlarmCheckRequest(request.region(), request.alarms())));
      if (check.firing().isEmpty()) {
        return;
      }
      String firing = check.firing().stream().map(FiringAlarm::toString).collect(Collectors.joining("; "));
      if (!wait || Workflow.currentTimeMillis() + recheck.toMillis() > giveUpAt) {
        throw FailureType.ALARM_BLOCKED.failure("not deploying to " + request.region() + ": already in ALARM"
            + (wait ? " for " + Durations.format(timeout) : "") + ": " + firing);
      }
      details("waiting for quiet alarms before touching " + request.region() + ": " + firing);
      Workflow.newTimer(recheck, TimerOptions.newBuilder()
          .setSummary("Alarm blocker: wait for quiet alarms in " + request.region()).build()).get();
    }
  }

  /** At most about twenty re-checks per wait, between ten seconds and five minutes apart. */
  static Duration recheckInterval(Duration timeout) {
    Duration twentieth = timeout.dividedBy(20);
    Duration min = Duration.ofSeconds(10);
    Duration max = Duration.ofMinutes(5);
    return twentieth.compareTo(min) < 0 ? min : twentieth.compareTo(max) > 0 ? max : twentieth;
  }

  @Override
  public RegionProgress progress() {
    return progress;
  }

  private void details(String what) {
    Workflow.setCurrentDetails("**" + progress.state() + "** in " + progress.region() + ": " + what);
  }
}
