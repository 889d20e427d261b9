package dev.shepherd.release;

import dev.shepherd.release.operator.OperatorAction;
import dev.shepherd.release.status.AuditEntry;
import dev.shepherd.release.status.RegionAnalysis;
import dev.shepherd.release.status.RegionStatus;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.analysis.AnalysisOutcome;
import dev.shepherd.cloud.AliasState;
import dev.shepherd.sim.CanaryDegradation;
import dev.shepherd.sim.SimulatedCloud;
import dev.shepherd.spec.AnalysisPhase;
import dev.shepherd.spec.AnalysisSignal;
import dev.shepherd.spec.AnalysisSpec;
import dev.shepherd.spec.CanarySpec;
import dev.shepherd.spec.CanaryWeight;
import dev.shepherd.spec.DeploySpec;
import dev.shepherd.spec.ErrorRateSignal;
import dev.shepherd.spec.LatencySignal;
import dev.shepherd.spec.OnFailure;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Canary analysis in releases, on the in-memory test environment with the simulated cloud's metrics: a canary
 * like its baseline passes, a clearly worse one fails and is rolled back (or pauses, per {@code onFail}), a
 * silent one is extended and then pauses for a person, and the bake is judged against the version it replaced.
 * Canaries and bakes last a few seconds of real time (their alarm watches run), judged in 1s intervals.
 */
class CanaryAnalysisTest {

  private static final AliasState ORIGINAL = AliasState.of("1");
  private static final AliasState NEW = AliasState.of("2");
  private static final Region EAST = Region.of("us-east-1");
  private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-2");
  private static final Duration CANARY = Duration.ofSeconds(3);

  /** Error rate at most 1 point worse and never past 2%; p99 latency at most 1.5 times the baseline's. */
  private static AnalysisSpec analysis(OnFailure onFail, List<AnalysisPhase> during, int maxExtensions) {
    return new AnalysisSpec(Duration.ofSeconds(1), 100, maxExtensions, onFail, during, List.of(
        AnalysisSignal.of(new ErrorRateSignal(0.01, 0.02, null)),
        AnalysisSignal.of(new LatencySignal(99.0, 1.5, null, null))));
  }

  private static ReleaseSpec spec(AnalysisSpec analysis, OnFailure policy) {
    ReleaseSpec base = TestSpecs.spec().withPolicy(new dev.shepherd.spec.PolicySpec(policy, null, null, null))
        .withoutGates().build();
    return new ReleaseSpec(base.application(), base.build(), base.test(),
        new DeploySpec(base.deploy().lambda(), new CanarySpec(CanaryWeight.of(10), CANARY)), base.alarms(),
        base.waves(), base.flag(), base.approvers(), base.policy(), analysis);
  }

  /**
   * 10,000 requests a second: the canary's 10% serves 1,000 in each 1s interval, so that the simulated noise of
   * a healthy canary (0.2% errors) stays far inside its 1-point allowance whatever intervals it lands on.
   */
  private static SimulatedCloud cloud(ReleaseSpec spec) {
    return SimulatedCloud.forSpec(spec).requestsPerMinute(600_000).metricsSeed(7);
  }

  private static List<RegionStatus> regions(ReleaseStatus status) {
    return status.waves().stream().flatMap(w -> w.regions().stream()).toList();
  }

  @Test
  void givenACanaryLikeItsBaseline_whenJudged_itPassesInEveryRegionAndTheVerdictIsInStatusAuditAndHistory() {
    ReleaseSpec spec = spec(analysis(null, null, 1), OnFailure.ROLLBACK);
    try (var h = new ReleaseHarness(spec, cloud(spec))) {
      var run = h.start("1.4.2");
      ReleaseStatus done = run.result().status();
      assertThat(done.phase()).isEqualTo(ReleasePhase.RELEASED);
      for (String region : REGIONS) {
        assertThat(h.alias(region)).as(region).isEqualTo(NEW);
      }
      assertThat(regions(done)).allSatisfy(r -> {
        assertThat(r.analysis()).as(r.region() + " judged once, during its canary").hasSize(1);
        RegionAnalysis a = r.analysis().get(0);
        assertThat(a.phase()).isEqualTo(AnalysisPhase.CANARY);
        assertThat(a.verdict().outcome()).as(a.verdict().summary()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(a.verdict().canaryVersion()).isEqualTo("2");
        assertThat(a.verdict().baselineVersion()).isEqualTo("1");
        assertThat(a.verdict().canaryRequests()).isGreaterThanOrEqualTo(100);
        assertThat(a.verdict().baselineRequests()).as("the baseline takes 90%").isGreaterThan(a.verdict().canaryRequests());
        assertThat(a.verdict().signals()).extracting(s -> s.signal()).containsExactly("error rate", "latency p99");
        assertThat(a.verdict().signals().get(0).canaryByInterval()).as("one figure per 1s interval").hasSizeGreaterThanOrEqualTo(2);
      });
      assertThat(ReleaseHarness.audit(done)).filteredOn(e -> e.action().equals("ANALYSIS_PASS")).hasSize(3)
          .allSatisfy(e -> assertThat(e.detail()).contains("PASS (version 2 against 1)"));
      // The verdict is recorded once in the region's history (a side effect), not recomputed on replay.
      assertThat(run.history("us-east-1").getEvents()).filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
          .hasSize(1);
      run.recordHistories("analysis-pass");
    }
  }

  @Test
  void givenAClearlyWorseCanary_whenJudged_itFailsByAnalysisAndTheRegionIsRolledBack() {
    ReleaseSpec spec = spec(analysis(null, null, 1), OnFailure.ROLLBACK);
    var cloud = cloud(spec).degradeCanary(EAST, CanaryDegradation.clearlyWorse());
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      assertThat(run.failureType()).isEqualTo(FailureType.ANALYSIS_FAILED.name());
      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(status.failure()).contains("canary analysis of the canary in us-east-1 failed")
          .contains("error rate");
      assertThat(h.alias("us-east-1")).as("rolled back").isEqualTo(ORIGINAL);
      assertThat(h.alias("eu-west-1")).as("the next wave never began").isEqualTo(ORIGINAL);
      RegionStatus east = regions(status).get(0);
      assertThat(east.analysis()).hasSize(1);
      var verdict = east.analysis().get(0).verdict();
      assertThat(verdict.outcome()).isEqualTo(AnalysisOutcome.FAIL);
      assertThat(verdict.reasons().get(0)).contains("error rate").contains("past the absolute limit");
      assertThat(ReleaseHarness.audit(status)).extracting(AuditEntry::action)
          .containsSubsequence("ANALYSIS_FAIL", "ROLLBACK_STARTED", "ROLLED_BACK");
      run.recordHistories("analysis-fail");
    }
  }

  @Test
  void givenASilentCanary_whenStillInconclusiveAfterItsExtensions_itPausesForAPersonEvenUnderARollbackPolicy() {
    ReleaseSpec spec = spec(analysis(null, null, 1), OnFailure.ROLLBACK);
    var cloud = cloud(spec).degradeCanary(EAST, CanaryDegradation.silent());
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      ReleaseStatus paused = run.awaitPhase(ReleasePhase.PAUSED);
      assertThat(paused.pause().reason()).contains("still inconclusive after 1 extension")
          .contains("fewer than the 100 needed");
      RegionStatus east = regions(paused).get(0);
      assertThat(east.analysis()).as("judged, extended once, judged again").hasSize(2)
          .allSatisfy(a -> assertThat(a.verdict().outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE));
      assertThat(east.analysis().get(0).verdict().canaryRequests()).isZero();
      assertThat(h.alias("us-east-1").canaryVersion()).as("the canary still holds its weight while a person decides")
          .isEqualTo("2");

      run.stub.rollback(new OperatorAction("alice", "no traffic reaches the canary"));
      assertThat(run.failureType()).isEqualTo(FailureType.OPERATOR_ROLLBACK.name());
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
    }
  }

  @Test
  void givenOnFailPause_whenTheCanaryFails_itPausesAndARetryAfterTheFixReleases() {
    ReleaseSpec spec = spec(analysis(OnFailure.PAUSE, null, 0), OnFailure.ROLLBACK);
    var cloud = cloud(spec).degradeCanary(EAST, CanaryDegradation.clearlyWorse());
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      ReleaseStatus paused = run.awaitPhase(ReleasePhase.PAUSED);
      assertThat(paused.pause().reason()).contains("canary analysis").contains("FAIL");
      cloud.degradeCanary(EAST, null);
      run.stub.retry(new OperatorAction("bob", "fixed the config the canary read"));
      ReleaseStatus done = run.result().status();
      assertThat(done.phase()).isEqualTo(ReleasePhase.RELEASED);
      assertThat(h.alias("us-east-1")).isEqualTo(NEW);
      assertThat(regions(done).get(0).analysis()).extracting(a -> a.verdict().outcome())
          .containsExactly(AnalysisOutcome.FAIL, AnalysisOutcome.PASS);
    }
  }

  @Test
  void givenBakeAnalysis_whenTheNewVersionIsWorseThanTheOneItReplaced_theBakeFailsAndTheWaveIsRolledBack() {
    ReleaseSpec spec = spec(analysis(null, List.of(AnalysisPhase.BAKE), 1), OnFailure.ROLLBACK);
    spec = new ReleaseSpec(spec.application(), spec.build(), spec.test(), spec.deploy(), spec.alarms(),
        TestSpecs.spec().withBake(Duration.ofSeconds(3)).withoutGates().build().waves(), spec.flag(), spec.approvers(),
        spec.policy(), spec.analysis());
    var cloud = cloud(spec).degradeCanary(EAST, CanaryDegradation.clearlyWorse());
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      assertThat(run.failureType()).isEqualTo(FailureType.ANALYSIS_FAILED.name());
      ReleaseStatus status = run.status();
      assertThat(status.failure()).contains("bake").contains("canary analysis of the bake of wave canary-region failed");
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
      var east = regions(status).get(0).analysis();
      assertThat(east).hasSize(1);
      assertThat(east.get(0).phase()).isEqualTo(AnalysisPhase.BAKE);
      var verdict = east.get(0).verdict();
      assertThat(verdict.outcome()).isEqualTo(AnalysisOutcome.FAIL);
      assertThat(verdict.baselineRequests()).as("the old version's traffic before the wave began").isPositive();
      assertThat(verdict.canaryRequests()).as("all of the traffic: the whole seconds of a 3s bake at 10,000 a second")
          .isGreaterThan(15_000);
    }
  }

  @Test
  void givenMetricsThatCannotBeRead_theCanaryIsNeitherPassedNorFailedButLeftToAPerson() {
    ReleaseSpec spec = spec(analysis(null, null, 1), OnFailure.ROLLBACK);
    var cloud = cloud(spec).failCall(dev.shepherd.sim.CloudCall.READ_METRICS, EAST, FailureType.ACCESS_DENIED);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      ReleaseStatus paused = run.awaitPhase(ReleasePhase.PAUSED);
      assertThat(paused.pause().reason()).contains("still inconclusive after 1 extension")
          .contains("the metrics could not be read");
      assertThat(regions(paused).get(0).analysis()).hasSize(2)
          .allSatisfy(a -> assertThat(a.verdict().outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE));
      assertThat(h.alias("us-east-1").canaryVersion()).as("not rolled back by a monitoring outage").isEqualTo("2");
      run.stub.rollback(new OperatorAction("alice", "cannot judge it"));
      assertThat(run.failureType()).isEqualTo(FailureType.OPERATOR_ROLLBACK.name());
    }
  }
}
