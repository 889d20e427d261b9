package dev.shepherd.release;

import dev.shepherd.release.operator.OperatorAction;
import dev.shepherd.release.status.AuditEntry;
import dev.shepherd.release.status.HookRun;
import dev.shepherd.release.status.RegionStatus;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.HookPoint;
import dev.shepherd.sim.Operation;
import dev.shepherd.sim.SimulatedCloud;
import dev.shepherd.sim.CloudCall;
import dev.shepherd.spec.HookSpec;
import dev.shepherd.spec.HooksSpec;
import dev.shepherd.spec.OnFailure;
import dev.shepherd.spec.PolicySpec;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Smoke-test hooks in releases, on the in-memory test environment with the simulated cloud: before traffic
 * (the version is published, the alias untouched) and after traffic (the alias serves it); a failing hook
 * fails its region and the release rolls back, or pauses under {@code onFailure: pause}.
 */
class SmokeTestHookTest {

  private static final AliasState ORIGINAL = AliasState.of("1");
  private static final AliasState NEW = AliasState.of("2");
  private static final Region EAST = Region.of("us-east-1");
  private static final Region WEST = Region.of("eu-west-1");

  private static ReleaseSpec spec(OnFailure onFailure) {
    ReleaseSpec base = TestSpecs.spec().withPolicy(new PolicySpec(onFailure, null, null, null)).withoutGates().build();
    return new ReleaseSpec(base.application(), base.build(), base.test(), base.deploy(), base.alarms(), base.waves(),
        base.flag(), base.approvers(), base.policy(), null,
        new HooksSpec(new HookSpec("payments-smoke", Duration.ofSeconds(30)),
            new HookSpec("payments-smoke", Duration.ofMinutes(1))),
        null);
  }

  private static List<String> operations(SimulatedCloud cloud, Region region) {
    return cloud.operations().stream().filter(op -> region.equals(op.region()))
        .filter(op -> op.call() == CloudCall.RUN_HOOK || op.call() == CloudCall.ROUTE_CANARY || op.call() == CloudCall.PROMOTE
            || op.call() == CloudCall.PUBLISH)
        .map(Operation::toString).toList();
  }

  private static List<RegionStatus> regions(ReleaseStatus status) {
    return status.waves().stream().flatMap(w -> w.regions().stream()).toList();
  }

  @Test
  void givenPassingHooks_eachRunsAtItsPointInEveryRegionAndTheAnswersAreInStatusAndAudit() {
    ReleaseSpec spec = spec(OnFailure.ROLLBACK);
    try (var h = new ReleaseHarness(spec)) {
      var run = h.start("1.4.2");
      ReleaseStatus done = run.result().status();
      assertThat(done.phase()).isEqualTo(ReleasePhase.RELEASED);
      assertThat(operations(h.cloud, EAST)).as("before traffic after publishing, after traffic after promoting")
          .satisfiesExactly(
              op -> assertThat(op).startsWith("PUBLISH"),
              op -> assertThat(op).startsWith("RUN_HOOK").contains("beforeTraffic hook payments-smoke on version 2"),
              op -> assertThat(op).startsWith("ROUTE_CANARY"),
              op -> assertThat(op).startsWith("PROMOTE"),
              op -> assertThat(op).startsWith("RUN_HOOK").contains("afterTraffic hook payments-smoke on version 2"));
      assertThat(regions(done)).allSatisfy(r -> assertThat(r.hooks()).extracting(HookRun::point, HookRun::passed)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(HookPoint.BEFORE_TRAFFIC, true),
              org.assertj.core.groups.Tuple.tuple(HookPoint.AFTER_TRAFFIC, true)));
      assertThat(ReleaseHarness.audit(done)).filteredOn(e -> e.action().equals("HOOK_PASSED")).hasSize(6);
      run.recordHistories("hooks-pass");
    }
  }

  @Test
  void givenABeforeTrafficHookThatFails_noTrafficReachesTheVersionAndTheReleaseRollsBack() {
    ReleaseSpec spec = spec(OnFailure.ROLLBACK);
    var cloud = SimulatedCloud.forSpec(spec).failHook(EAST, HookPoint.BEFORE_TRAFFIC, "checkout returned 500");
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      assertThat(run.failureType()).isEqualTo(FailureType.HOOK_FAILED.name());
      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(status.failure()).contains("the beforeTraffic hook payments-smoke failed in us-east-1 on version 2")
          .contains("checkout returned 500");
      assertThat(operations(h.cloud, EAST)).as("never routed").noneMatch(op -> op.startsWith("ROUTE_CANARY"));
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
      assertThat(h.alias("eu-west-1")).isEqualTo(ORIGINAL);
      RegionStatus east = regions(status).get(0);
      assertThat(east.hooks()).singleElement().satisfies(hook -> {
        assertThat(hook.passed()).isFalse();
        assertThat(hook.reason()).contains("checkout returned 500");
      });
      assertThat(ReleaseHarness.audit(status)).extracting(AuditEntry::action)
          .containsSubsequence("HOOK_FAILED", "ROLLBACK_STARTED", "ROLLED_BACK");
      run.recordHistories("hooks-fail");
    }
  }

  @Test
  void givenAnAfterTrafficHookThatFailsInTheSecondWave_everyRegionIsRolledBack() {
    ReleaseSpec spec = spec(OnFailure.ROLLBACK);
    var cloud = SimulatedCloud.forSpec(spec).failHook(WEST, HookPoint.AFTER_TRAFFIC, "3 of 12 checks failed");
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      assertThat(run.failureType()).isEqualTo(FailureType.HOOK_FAILED.name());
      assertThat(run.status().failure()).contains("the afterTraffic hook payments-smoke failed in eu-west-1");
      for (String region : List.of("us-east-1", "eu-west-1", "ap-southeast-2")) {
        assertThat(h.alias(region)).as(region + " back on the version before").isEqualTo(ORIGINAL);
      }
    }
  }

  @Test
  void givenOnFailurePause_aFailedHookPausesAndARetryRunsItAgain() {
    ReleaseSpec spec = spec(OnFailure.PAUSE);
    var cloud = SimulatedCloud.forSpec(spec).failHook(EAST, HookPoint.AFTER_TRAFFIC, "flaky dependency", 1);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      ReleaseStatus paused = run.awaitPhase(ReleasePhase.PAUSED);
      assertThat(paused.pause().reason()).contains("afterTraffic hook").contains("flaky dependency");
      run.stub.retry(new OperatorAction("bob", "dependency is back"));
      ReleaseStatus done = run.result().status();
      assertThat(done.phase()).isEqualTo(ReleasePhase.RELEASED);
      assertThat(h.alias("us-east-1")).isEqualTo(NEW);
      // The retry finds the alias already on version 2 with all traffic: only the afterTraffic hook runs again,
      // and no canary is routed a second time (that would find the alias "moved" by the release itself).
      assertThat(regions(done).get(0).hooks()).extracting(HookRun::point, HookRun::passed).containsExactly(
          org.assertj.core.groups.Tuple.tuple(HookPoint.BEFORE_TRAFFIC, true),
          org.assertj.core.groups.Tuple.tuple(HookPoint.AFTER_TRAFFIC, false),
          org.assertj.core.groups.Tuple.tuple(HookPoint.AFTER_TRAFFIC, true));
      assertThat(operations(h.cloud, EAST)).filteredOn(op -> op.startsWith("ROUTE_CANARY")).hasSize(1);
    }
  }

  @Test
  void givenARegionStoppedDuringItsAfterTrafficHook_aRetryFindsItPromotedAndDoesNotRouteACanaryAgain() {
    ReleaseSpec spec = spec(OnFailure.PAUSE);
    Region south = Region.of("ap-southeast-2");
    // eu-west-1's smoke test fails at once while ap-southeast-2's, already promoted, is still running: the
    // wave stops ap-southeast-2 in its hook.
    var cloud = SimulatedCloud.forSpec(spec).failHook(WEST, HookPoint.AFTER_TRAFFIC, "flaky dependency", 1)
        .slowHook(WEST, HookPoint.AFTER_TRAFFIC, Duration.ofSeconds(1))
        .slowHook(south, HookPoint.AFTER_TRAFFIC, Duration.ofSeconds(5));
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      ReleaseStatus paused = run.awaitPhase(ReleasePhase.PAUSED);
      assertThat(paused.pause().reason()).contains("afterTraffic hook").contains("eu-west-1");
      assertThat(h.alias("ap-southeast-2")).as("promoted before it was stopped").isEqualTo(NEW);
      cloud.slowHook(south, HookPoint.AFTER_TRAFFIC, Duration.ZERO);
      run.stub.retry(new OperatorAction("bob", "dependency is back"));
      ReleaseStatus done = run.result().status();
      assertThat(done.phase()).isEqualTo(ReleasePhase.RELEASED);
      assertThat(operations(h.cloud, south)).filteredOn(op -> op.startsWith("ROUTE_CANARY")).as("one canary").hasSize(1);
      assertThat(h.alias("ap-southeast-2")).isEqualTo(NEW);
    }
  }

  @Test
  void givenAnAliasMovedByHandWhilePausedAfterItsPromotion_theRetryRefusesToCallItDeployed() {
    ReleaseSpec spec = spec(OnFailure.PAUSE);
    var cloud = SimulatedCloud.forSpec(spec).failHook(EAST, HookPoint.AFTER_TRAFFIC, "flaky dependency", 1);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.PAUSED);
      // Someone puts the alias back on the old version by hand during the pause.
      h.cloud.moveAlias(EAST, spec.deploy().lambda().function(), spec.deploy().lambda().alias(), ORIGINAL);
      run.stub.retry(new OperatorAction("bob", "retry"));
      ReleaseStatus pausedAgain = run.awaitStatus("paused again", s -> s.phase() == ReleasePhase.PAUSED
          && s.pause().reason().contains("moved by someone else"));
      assertThat(pausedAgain.pause().reason()).contains("payments-api:live in us-east-1");
      assertThat(operations(h.cloud, EAST)).filteredOn(op -> op.startsWith("RUN_HOOK")).as("no hook on the old version")
          .hasSize(2);
    }
  }
}
