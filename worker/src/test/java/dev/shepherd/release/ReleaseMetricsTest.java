package dev.shepherd.release;

import dev.shepherd.release.operator.GateDecision;
import dev.shepherd.release.operator.OperatorAction;
import dev.shepherd.release.region.RegionDeploymentWorkflowImpl;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.story.ReleaseMetrics;
import dev.shepherd.release.story.ReleaseWorkflowImpl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shepherd.sim.SimulatedCloud;
import dev.shepherd.sim.CloudCall;
import dev.shepherd.spec.PolicySpec;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.worker.WorkerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The releases' Prometheus metrics ({@link ReleaseMetrics}), read from the worker's own registry
 * ({@link WorkerMetrics}) after releases on the in-memory test environment. Counters reach the registry
 * when the SDK's Tally scope reports (every second); timers at once.
 */
class ReleaseMetricsTest {

  private WorkerMetrics metrics;
  private PrometheusMeterRegistry registry;

  @BeforeEach
  void serveMetrics() throws IOException {
    metrics = new WorkerMetrics("127.0.0.1", 0);
    registry = metrics.registry();
  }

  @AfterEach
  void stopMetrics() {
    metrics.close();
  }

  @Test
  void givenAnApprovedRelease_whenItReleases_itCountsOneStartedAndOneReleasedAndRecordsItsDurationAndTheApproval() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    try (var h = new ReleaseHarness(spec, SimulatedCloud.forSpec(spec), metrics.scope())) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.stub.approve(new GateDecision(null, "bob", "canary looks good"));
      assertThat(run.result().status().phase()).isEqualTo(ReleasePhase.RELEASED);

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(count(ReleaseMetrics.STARTED, "application", "payments")).isEqualTo(1);
        assertThat(count(ReleaseMetrics.ENDED, "application", "payments", "outcome", "released", "reason", "none"))
            .isEqualTo(1);
      });
      assertThat(registry.find(ReleaseMetrics.ENDED).counters()).as("no other ending").hasSize(1);
      Timer duration = timer(ReleaseMetrics.RELEASE_DURATION, "application", "payments");
      assertThat(duration.count()).isEqualTo(1);
      assertThat(duration.totalTime(TimeUnit.NANOSECONDS)).as("two bakes, a canary and a flag bake at least")
          .isGreaterThanOrEqualTo(TestSpecs.BAKE.multipliedBy(3).plus(TestSpecs.CANARY).toNanos());
      assertThat(Arrays.stream(duration.takeSnapshot().histogramCounts()).mapToDouble(CountAtBucket::bucket))
          .as("the release buckets, not the SDK's default ones that stop at 30s")
          .containsExactlyElementsOf(ReleaseMetrics.DURATION_BUCKETS.stream().map(d -> (double) d.toNanos()).toList());
      assertThat(timer(ReleaseMetrics.APPROVAL_WAIT, "application", "payments", "gate", "rest", "decision", "approved")
          .count()).isEqualTo(1);
      assertThat(registry.find(ReleaseMetrics.ROLLBACK_DURATION).timers()).isEmpty();
    }
  }

  @Test
  void givenARejection_itCountsARollbackForRejectionAndRecordsTheApprovalWaitAsRejected() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    try (var h = new ReleaseHarness(spec, SimulatedCloud.forSpec(spec), metrics.scope())) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.stub.reject(new GateDecision(null, "alice", "p99 is creeping up"));
      assertThat(run.failureType()).isEqualTo(FailureType.REJECTED.name());

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(count(ReleaseMetrics.STARTED, "application", "payments")).isEqualTo(1);
        assertThat(count(ReleaseMetrics.ENDED, "application", "payments", "outcome", "rolled_back", "reason",
            "rejection")).isEqualTo(1);
      });
      assertThat(registry.find(ReleaseMetrics.ENDED).counters()).as("no other ending").hasSize(1);
      assertThat(timer(ReleaseMetrics.APPROVAL_WAIT, "application", "payments", "gate", "rest", "decision", "rejected")
          .count()).isEqualTo(1);
      assertThat(timer(ReleaseMetrics.ROLLBACK_DURATION, "application", "payments", "reason", "rejection").count())
          .isEqualTo(1);
      assertThat(registry.find(ReleaseMetrics.RELEASE_DURATION).timers()).isEmpty();
    }
  }

  @Test
  void givenAFailingSmokeTestHook_itCountsARollbackForHook() {
    ReleaseSpec base = TestSpecs.spec().withoutGates().build();
    ReleaseSpec spec = new ReleaseSpec(base.application(), base.build(), base.test(), base.deploy(), base.alarms(),
        base.waves(), base.flag(), base.approvers(), base.policy(), null, new dev.shepherd.spec.HooksSpec(null,
            new dev.shepherd.spec.HookSpec("payments-smoke", Duration.ofSeconds(30))), null);
    var cloud = SimulatedCloud.forSpec(spec).failHook(Region.of("us-east-1"), dev.shepherd.cloud.HookPoint.AFTER_TRAFFIC,
        "checkout broken");
    try (var h = new ReleaseHarness(spec, cloud, metrics.scope())) {
      var run = h.start("1.4.2");
      assertThat(run.failureType()).isEqualTo(FailureType.HOOK_FAILED.name());
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(count(ReleaseMetrics.ENDED, "application", "payments", "outcome", "rolled_back", "reason", "hook"))
              .isEqualTo(1));
      assertThat(timer(ReleaseMetrics.ROLLBACK_DURATION, "application", "payments", "reason", "hook").count())
          .isEqualTo(1);
    }
  }

  @Test
  void givenAnAlarmDuringTheCanary_itCountsARollbackForAlarm() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    var cloud = SimulatedCloud.forSpec(spec).tripAlarm(Region.of("us-east-1"), TestSpecs.ALARM,
        CloudCall.ROUTE_CANARY, Region.of("us-east-1"), Duration.ZERO);
    try (var h = new ReleaseHarness(spec, cloud, metrics.scope())) {
      var run = h.start("1.4.2");
      assertThat(run.failureType()).isEqualTo(FailureType.ALARM.name());

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(count(ReleaseMetrics.ENDED, "application", "payments", "outcome", "rolled_back", "reason", "alarm"))
              .isEqualTo(1));
      assertThat(timer(ReleaseMetrics.ROLLBACK_DURATION, "application", "payments", "reason", "alarm").count())
          .isEqualTo(1);
      assertThat(registry.find(ReleaseMetrics.APPROVAL_WAIT).timers()).as("it never reached its gate").isEmpty();
    }
  }

  @Test
  void givenNobodyDecides_whenTheApprovalTimeoutPasses_itRecordsTheWaitAsTimedOutAndCountsATimeoutRollback() {
    // The guard watches wave 1 while the gate waits, so this wait passes in real time: keep it short.
    ReleaseSpec spec = TestSpecs.twoWaves(new PolicySpec(null, Duration.ofSeconds(3), null, null), TestSpecs.BAKE,
        TestSpecs.BAKE);
    try (var h = new ReleaseHarness(spec, SimulatedCloud.forSpec(spec), metrics.scope())) {
      var run = h.start("1.4.2");
      assertThat(run.failureType()).isEqualTo(FailureType.APPROVAL_TIMEOUT.name());

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(count(ReleaseMetrics.ENDED, "application", "payments", "outcome", "rolled_back", "reason",
              "timeout")).isEqualTo(1));
      Timer wait = timer(ReleaseMetrics.APPROVAL_WAIT, "application", "payments", "gate", "rest", "decision",
          "timed_out");
      assertThat(wait.count()).isEqualTo(1);
      assertThat(wait.totalTime(TimeUnit.SECONDS)).as("the approval timeout").isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void givenARollbackThatFails_itCountsRollbackFailedAtOnceAndTheEndingOnlyWhenAnOperatorAbandonsIt() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    var cloud = SimulatedCloud.forSpec(spec)
        .tripAlarm(Region.of("us-east-1"), TestSpecs.ALARM, CloudCall.PROMOTE, Region.of("us-east-1"), Duration.ZERO)
        .failCall(CloudCall.ROLLBACK, Region.of("us-east-1"), FailureType.NOT_FOUND);
    try (var h = new ReleaseHarness(spec, cloud, metrics.scope())) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.ROLLBACK_FAILED);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(count(ReleaseMetrics.ROLLBACKS_FAILED, "application", "payments", "reason", "alarm")).isEqualTo(1));
      assertThat(registry.find(ReleaseMetrics.ENDED).counters()).as("the release is still open").isEmpty();

      run.stub.abandon(new OperatorAction("bob", "function replaced by hand; nothing left to undo"));
      assertThat(run.failureType()).isEqualTo(FailureType.ABANDONED.name());
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(count(ReleaseMetrics.ENDED, "application", "payments", "outcome", "abandoned", "reason", "alarm"))
              .isEqualTo(1));
      assertThat(registry.find(ReleaseMetrics.ROLLBACK_DURATION).timers()).as("never rolled back").isEmpty();
    }
  }

  @Test
  void givenRecordedHistories_whenAWorkerReplaysThem_nothingIsCountedAgain() throws Exception {
    // What a worker does with a release it picks up after a restart: replay its history, then carry on.
    var env = TestWorkflowEnvironment.newInstance(
        TestEnvironmentOptions.newBuilder().setMetricsScope(metrics.scope()).build());
    try {
      var worker = env.newWorker(ReleaseHarness.QUEUE);
      worker.registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class, RegionDeploymentWorkflowImpl.class);
      for (String scenario : List.of("happy-path", "rejection", "alarm-in-canary", "approval-timeout",
          "rollback-failed-then-retried")) {
        WorkflowReplayer.replayWorkflowExecution(WorkflowExecutionHistory.fromJson(
            Files.readString(Path.of("src/test/resources/histories", scenario + ".json"))), worker);
      }
    } finally {
      env.close();
    }
    metrics.scope().close();  // reports what the scope still holds
    assertThat(registry.find("temporal_workflow_task_replay_latency").tag("workflow_type", "ReleaseWorkflow").timers())
        .as("the replaying worker reports to this registry").isNotEmpty();
    assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
        .noneMatch(name -> name.startsWith(ReleaseMetrics.PREFIX));
  }

  @Test
  void eachFailureTypeCountsUnderTheReasonTheReadmeDocuments() {
    assertThat(ReleaseMetrics.reason(FailureType.ALARM)).isEqualTo("alarm");
    assertThat(ReleaseMetrics.reason(FailureType.BLIND)).isEqualTo("alarm");
    assertThat(ReleaseMetrics.reason(FailureType.ALARM_BLOCKED)).isEqualTo("alarm");
    assertThat(ReleaseMetrics.reason(FailureType.REJECTED)).isEqualTo("rejection");
    assertThat(ReleaseMetrics.reason(FailureType.APPROVAL_TIMEOUT)).isEqualTo("timeout");
    assertThat(ReleaseMetrics.reason(FailureType.PAUSE_TIMEOUT)).isEqualTo("timeout");
    assertThat(ReleaseMetrics.reason(FailureType.ABORTED)).isEqualTo("abort");
    assertThat(ReleaseMetrics.reason(FailureType.OPERATOR_ROLLBACK)).isEqualTo("abort");
    assertThat(ReleaseMetrics.reason(FailureType.PREFLIGHT_FAILED)).isEqualTo("preflight");
    assertThat(ReleaseMetrics.reason(FailureType.BUILD_FAILED)).isEqualTo("build");
    assertThat(ReleaseMetrics.reason(FailureType.TEST_FAILED)).isEqualTo("test");
    assertThat(ReleaseMetrics.reason(FailureType.DEPLOY_FAILED)).isEqualTo("deploy");
    assertThat(ReleaseMetrics.reason(FailureType.ALIAS_MOVED)).isEqualTo("deploy");
    assertThat(ReleaseMetrics.reason(FailureType.ACCESS_DENIED)).isEqualTo("cloud");
    assertThat(ReleaseMetrics.reason(FailureType.ANALYSIS_FAILED)).isEqualTo("analysis");
    assertThat(ReleaseMetrics.reason(FailureType.ANALYSIS_INCONCLUSIVE)).isEqualTo("analysis");
    assertThat(ReleaseMetrics.reason(FailureType.HOOK_FAILED)).isEqualTo("hook");
    for (FailureType type : FailureType.values()) {
      assertThat(ReleaseMetrics.reason(type)).as(type.name()).matches("[a-z_]+");
    }
  }

  private double count(String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private Timer timer(String name, String... tags) {
    Timer timer = registry.find(name).tags(tags).timer();
    assertThat(timer).as(name + " " + String.join(",", tags)).isNotNull();
    return timer;
  }
}
