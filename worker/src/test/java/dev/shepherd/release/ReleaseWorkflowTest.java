package dev.shepherd.release;

import dev.shepherd.release.operator.ActionResult;
import dev.shepherd.release.operator.GateDecision;
import dev.shepherd.release.operator.OperatorAction;
import dev.shepherd.release.region.RegionProgress;
import dev.shepherd.release.status.AuditEntry;
import dev.shepherd.release.status.FlagState;
import dev.shepherd.release.status.GateState;
import dev.shepherd.release.status.GateStatus;
import dev.shepherd.release.status.RegionState;
import dev.shepherd.release.status.RegionStatus;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.release.status.WaveState;
import dev.shepherd.release.status.WaveStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.sim.SimulatedCloud;
import dev.shepherd.sim.CloudCall;
import dev.shepherd.spec.OnFailure;
import dev.shepherd.spec.PolicySpec;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every behaviour of the release workflow, on the in-memory Temporal test environment with the
 * simulated cloud. Assertions are what an operator would check: the phase, where each alias points,
 * the flag, the order of steps, the gate records and the audit log.
 */
class ReleaseWorkflowTest {

  private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-2");
  private static final AliasState ORIGINAL = AliasState.of("1");
  private static final AliasState NEW = AliasState.of("2");

  /**
   * The happy path the first tests below look at, each from its own run of {@link #approvedRelease}:
   * {@link TestSpecs#twoWaves()} (wave 1 us-east-1; wave 2 eu-west-1 and ap-southeast-2 behind gate
   * {@code rest}; then the flag), version 1.4.2 by carol, approved by bob with a comment, run to its end.
   * What the release looked like at the gate is kept, as it changes after.
   */
  private record ApprovedRelease(ReleaseHarness.Run run, ReleaseStatus waiting, WorkflowExecutionDescription atGate,
      AliasState eastAtGate, AliasState westAtGate, GateStatus approval, ReleaseStatus done, List<String> ops) {}

  private static ApprovedRelease approvedRelease(ReleaseHarness h) {
    var run = h.start("1.4.2", "carol");
    ReleaseStatus waiting = run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
    WorkflowExecutionDescription atGate = WorkflowStub.fromTyped(run.stub).describe();
    AliasState east = h.alias("us-east-1");
    AliasState west = h.alias("eu-west-1");
    GateStatus approval = run.stub.approve(new GateDecision(null, "bob", "canary looks good"));
    ReleaseStatus done = run.result().status();
    return new ApprovedRelease(run, waiting, atGate, east, west, approval, done, ops(h.cloud));
  }

  @Test
  void givenTwoWaves_whileTheGateWaits_wave1IsReleasedAndWave2UntouchedUntilTheApprovalTimeout() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var release = approvedRelease(h);
      ReleaseStatus waiting = release.waiting();
      assertThat(waiting.waves().get(0).state()).isEqualTo(WaveState.DONE);
      GateStatus open = waiting.gates().get(0);
      assertThat(open.timeoutAt()).as("rejects after the approval timeout")
          .isEqualTo(open.waitingSince().plus(h.spec.policy().approvalTimeout()));
      assertThat(release.eastAtGate()).isEqualTo(NEW);
      assertThat(release.westAtGate()).as("wave 2 waits for its gate").isEqualTo(ORIGINAL);
    }
  }

  @Test
  void givenTwoWaves_whileTheGateWaits_theWebUiListsTheReleaseWithItsSummaryDetailsAndSearchAttributes() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var description = approvedRelease(h).atGate();
      assertThat(description.getStaticSummary()).isEqualTo("Release payments 1.4.2 by carol");
      assertThat(description.getStaticDetails()).contains("wave `rest`: eu-west-1, ap-southeast-2");
      var attributes = description.getTypedSearchAttributes();
      assertThat(attributes.get(ReleaseSearchAttributes.PHASE)).isEqualTo("AWAITING_APPROVAL");
      assertThat(attributes.get(ReleaseSearchAttributes.APPLICATION)).isEqualTo("payments");
      assertThat(attributes.get(ReleaseSearchAttributes.VERSION)).isEqualTo("1.4.2");
      assertThat(attributes.get(ReleaseSearchAttributes.INITIATOR)).isEqualTo("carol");
    }
  }

  @Test
  void givenTwoWaves_whenTheGateIsApproved_theStatusShowsReleasedWithBobsApprovalInTheGateAndTheAuditLog() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var release = approvedRelease(h);
      assertThat(release.approval().state()).isEqualTo(GateState.APPROVED);
      ReleaseStatus done = release.done();
      assertThat(done.phase()).isEqualTo(ReleasePhase.RELEASED);
      assertThat(done.gates()).singleElement().satisfies(g -> {
        assertThat(g.name()).isEqualTo("rest");
        assertThat(g.state()).isEqualTo(GateState.APPROVED);
        assertThat(g.decidedBy()).isEqualTo("bob");
        assertThat(g.comment()).isEqualTo("canary looks good");
      });
      assertThat(ReleaseHarness.audit(done)).extracting(AuditEntry::actor, AuditEntry::action)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("bob", "APPROVED"));
    }
  }

  @Test
  void givenTwoWaves_whenTheGateIsApproved_everyRegionEndsOnTheNewVersionAloneWithOneNewVersionPublished() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      ReleaseStatus done = approvedRelease(h).done();
      for (String region : REGIONS) {
        assertThat(h.alias(region)).as(region).isEqualTo(NEW);
        assertThat(h.cloud.versions(Region.of(region), "payments-api")).as(region).containsExactly("1", "2");
      }
      assertThat(done.waves()).extracting(WaveStatus::state).containsOnly(WaveState.DONE);
      assertThat(done.waves().stream().flatMap(w -> w.regions().stream()))
          .allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(RegionState.DEPLOYED);
            assertThat(r.version()).isEqualTo("2");
            assertThat(r.previousVersion()).isEqualTo("1");
            assertThat(r.weight()).isEqualTo(100);
          });
    }
  }

  @Test
  void givenTwoWaves_whenTheGateIsApproved_nothingIsRolledBack() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      assertThat(approvedRelease(h).ops()).noneMatch(op -> op.startsWith("ROLLBACK"));
    }
  }

  @Test
  void givenTwoWaves_whenTheGateIsApproved_itBuildsAndTestsBeforeTouchingTheFirstRegion() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      assertThat(approvedRelease(h).ops()).containsSubsequence("BUILD", "TEST", "CAPTURE us-east-1");
    }
  }

  @Test
  void givenTwoWaves_whenTheGateIsApproved_eachRegionIsReadThenUpdatedPublishedSentTheCanaryAndPromoted() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      List<String> ops = approvedRelease(h).ops();
      for (String region : REGIONS) {
        assertThat(ops).as("the steps in " + region + ", capture first").containsSubsequence("CAPTURE " + region,
            "UPDATE_CODE " + region, "PUBLISH " + region, "ROUTE_CANARY " + region, "PROMOTE " + region);
      }
    }
  }

  @Test
  void givenTwoWaves_whenTheGateIsApproved_wave2BeginsOnlyAfterWave1IsPromoted() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      assertThat(approvedRelease(h).ops()).as("wave 1 before wave 2")
          .containsSubsequence("PROMOTE us-east-1", "CAPTURE eu-west-1");
    }
  }

  @Test
  void givenTwoWaves_whenTheGateIsApproved_theFlagThatWasAbsentIsTurnedOnAfterTheLastRegionIsPromoted() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var release = approvedRelease(h);
      assertThat(h.flag()).isEqualTo(FlagValue.of("true"));
      ReleaseStatus done = release.done();
      assertThat(done.flag().state()).isEqualTo(FlagState.ON);
      assertThat(done.flag().previousValue()).as("absent: no value").isNull();
      assertThat(done.flag().previousAbsent()).isTrue();
      assertThat(release.ops()).containsSubsequence("PROMOTE ap-southeast-2", "SET_FLAG us-east-1");
    }
  }

  @Test
  void givenTwoWaves_whenTheGateIsApproved_everyActivityAndTimerSaysInTheWebUiWhatItIsFor() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var run = approvedRelease(h).run();
      for (var history : List.of(run.history(), run.history("eu-west-1"))) {
        List<HistoryEvent> described = history.getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
                || e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
            .toList();
        assertThat(described).isNotEmpty().allSatisfy(e ->
            assertThat(e.getUserMetadata().getSummary().getData().toStringUtf8()).isNotBlank());
      }
      run.recordHistories("happy-path");
    }
  }

  @Test
  void givenWavesWithoutBakes_eachWaveReadsItsRollbackTargetsInOneStepAheadOfTheGuardsWatches() {
    ReleaseSpec spec = TestSpecs.spec().withBake(Duration.ZERO).withFlagBake(Duration.ZERO).withoutGates().build();
    try (var h = new ReleaseHarness(spec)) {
      var run = h.start("1.4.2");
      ReleaseStatus done = run.result().status();
      assertThat(done.phase()).isEqualTo(ReleasePhase.RELEASED);
      assertThat(done.waves().stream().flatMap(w -> w.regions().stream()))
          .allSatisfy(r -> assertThat(r.previousVersion()).as(r.region() + "'s rollback target").isEqualTo("1"));
      List<String> ops = ops(h.cloud);
      for (String region : REGIONS) {
        assertThat(ops).as("read before anything changes in " + region)
            .containsSubsequence("CAPTURE " + region, "UPDATE_CODE " + region);
        assertThat(ops).as("the guard watches " + region + " once deployed")
            .containsSubsequence("PROMOTE " + region, "WATCH_ALARMS " + region);
      }

      List<String> scheduled = run.history().getEvents().stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
          .map(e -> DefaultDataConverter.STANDARD_INSTANCE.fromPayload(e.getUserMetadata().getSummary(), String.class,
              String.class))
          .toList();
      assertThat(scheduled).filteredOn(a -> a.startsWith("Capture rollback")).as("one read per wave").containsExactly(
          "Capture rollback target: read payments-api:live in us-east-1",
          "Capture rollback targets: read payments-api:live in eu-west-1, ap-southeast-2");
      // Wave 1 ends and wave 2 begins in one workflow task: the read wave 2 waits for goes out first, the
      // guard's watch of wave 1 (which nothing waits for) after it.
      String guardsWatch = "Guard: watch " + TestSpecs.ALARM + " in us-east-1";
      assertThat(scheduled).as("the guard watches us-east-1").anyMatch(a -> a.startsWith(guardsWatch));
      assertThat(scheduled.stream().takeWhile(a -> !a.startsWith(guardsWatch)))
          .as("scheduled before the guard's first watch of us-east-1")
          .contains("Capture rollback targets: read payments-api:live in eu-west-1, ap-southeast-2");
      run.recordHistories("wave-reads-first");
    }
  }

  @Test
  void givenAFlagThatHeldAValue_whenTheReleaseSetsIt_theStatusHasThatValueAsItWasAndWhenTheFlagBakeEnds() {
    // Bakes pass in real time (the guard's alarm watches run): long enough to be seen, short enough to wait for.
    ReleaseSpec spec = TestSpecs.spec().withFlagBake(Duration.ofSeconds(4)).withoutGates().build();
    try (var h = new ReleaseHarness(spec)) {
      h.cloud.putFlag(new dev.shepherd.cloud.FlagLocation(spec.allRegions().get(0), spec.flag().ssm(), null), "off");
      var run = h.start("1.4.2");
      ReleaseStatus baking = run.awaitPhase(ReleasePhase.FLAG_BAKE);
      assertThat(baking.flag().previousValue()).as("as it was, for scripts: not quoted").isEqualTo("off");
      assertThat(baking.flag().previousAbsent()).isFalse();
      assertThat(baking.flag().bakeUntil()).isAfter(baking.startedAt());

      ReleaseStatus done = run.result().status();
      assertThat(done.flag().bakeUntil()).as("no bake left").isNull();
      assertThat(done.waves()).allSatisfy(w -> {
        assertThat(w.startedAt()).as(w.name() + " began").isNotNull();
        assertThat(w.endedAt()).as(w.name() + " was done after it began").isAfterOrEqualTo(w.startedAt());
      });
    }
  }

  @Test
  void givenABuildThatFails_whenTheReleaseRuns_itFailsWithNothingDeployed() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    var cloud = SimulatedCloud.forSpec(spec).failCall(CloudCall.BUILD, null, FailureType.BUILD_FAILED);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      assertThat(run.failureType()).isEqualTo(FailureType.BUILD_FAILED.name());
      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.FAILED);
      assertThat(status.failure()).contains("build failed");
      assertThat(ops(h.cloud)).noneMatch(op -> op.startsWith("CAPTURE") || op.startsWith("UPDATE_CODE")
          || op.startsWith("ROLLBACK") || op.startsWith("TEST"));
      for (String region : REGIONS) {
        assertThat(h.alias(region)).isEqualTo(ORIGINAL);
      }
      assertThat(h.flag()).isEqualTo(FlagValue.absent());
      assertThat(status.flag().state()).as("never touched").isEqualTo(FlagState.SKIPPED);
      assertThat(status.waves().stream().flatMap(w -> w.regions().stream())).extracting(RegionStatus::state)
          .containsOnly(RegionState.SKIPPED);
      run.recordHistories("build-failure");
    }
  }

  @Test
  void givenAMissingAlarm_whenTheReleaseRuns_preflightFailsAndNothingIsTouched() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    var cloud = new SimulatedCloud().addProject("payments-build").addProject("payments-it");
    for (String region : REGIONS) {
      cloud.addFunction(Region.of(region), "payments-api", "live");
      if (!region.equals("eu-west-1")) {
        cloud.addAlarm(Region.of(region), TestSpecs.ALARM);
      }
    }
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      assertThat(run.failureType()).isEqualTo(FailureType.PREFLIGHT_FAILED.name());
      assertThat(run.status().failure()).contains("CloudWatch alarm payments-5xx in eu-west-1");
      assertThat(run.status().phase()).isEqualTo(ReleasePhase.FAILED);
      assertThat(ops(h.cloud)).allMatch(op -> op.startsWith("PREFLIGHT"));
    }
  }

  @Test
  void givenADeployFailureInOneRegionOfWave2_itRestoresEveryDeployedRegionAndLeavesTheFlagAlone() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    var cloud = SimulatedCloud.forSpec(spec)
        .failCall(CloudCall.UPDATE_CODE, Region.of("ap-southeast-2"), FailureType.ACCESS_DENIED);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.stub.approve(new GateDecision("rest", "alice", null));
      assertThat(run.failureType()).isEqualTo(FailureType.ACCESS_DENIED.name());
      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(status.failure()).contains("ap-southeast-2");
      for (String region : REGIONS) {
        assertThat(h.alias(region)).as(region).isEqualTo(ORIGINAL);
      }
      assertThat(h.flag()).isEqualTo(FlagValue.absent());
      List<String> ops = ops(h.cloud);
      assertThat(ops).noneMatch(op -> op.contains("FLAG"));
      assertThat(ops).as("wave 2 before wave 1").containsSubsequence("ROLLBACK eu-west-1", "ROLLBACK us-east-1");
      assertThat(regionState(status, "us-east-1")).isEqualTo(RegionState.ROLLED_BACK);
      run.recordHistories("deploy-failure-wave-2");
    }
  }

  @Test
  void givenAnAlarmDuringTheCanary_itRollsTheRegionBackBeforePromotion() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    var cloud = SimulatedCloud.forSpec(spec).tripAlarm(Region.of("us-east-1"), TestSpecs.ALARM,
        CloudCall.ROUTE_CANARY, Region.of("us-east-1"), Duration.ZERO);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      assertThat(run.failureType()).isEqualTo(FailureType.ALARM.name());
      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(status.failure()).contains("payments-5xx").contains("us-east-1");
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
      assertThat(ops(h.cloud)).doesNotContain("PROMOTE us-east-1").contains("ROLLBACK us-east-1")
          .noneMatch(op -> op.contains("eu-west-1"));
      run.recordHistories("alarm-in-canary");
    }
  }

  @Test
  void givenAnAlarmInAWave1RegionDuringWave2sBake_itRollsBackEveryRegionNewestWaveFirst() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    var cloud = SimulatedCloud.forSpec(spec).tripAlarm(Region.of("us-east-1"), TestSpecs.ALARM,
        CloudCall.PROMOTE, Region.of("ap-southeast-2"), Duration.ZERO);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.stub.approve(new GateDecision(null, "bob", null));
      assertThat(run.failureType()).isEqualTo(FailureType.ALARM.name());
      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(status.failure()).contains("bake wave rest").contains("payments-5xx in us-east-1");
      for (String region : REGIONS) {
        assertThat(h.alias(region)).as(region).isEqualTo(ORIGINAL);
      }
      List<String> ops = ops(h.cloud);
      assertThat(ops).contains("PROMOTE eu-west-1", "PROMOTE ap-southeast-2");
      assertThat(ops).containsSubsequence("ROLLBACK ap-southeast-2", "ROLLBACK us-east-1");
      assertThat(ops).containsSubsequence("ROLLBACK eu-west-1", "ROLLBACK us-east-1");
      assertThat(h.flag()).isEqualTo(FlagValue.absent());
      run.recordHistories("alarm-wave-1-during-wave-2-bake");
    }
  }

  @Test
  void givenAnAlarmDuringTheFlagBake_itRestoresTheFlagFirstThenTheRegions() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    var cloud = SimulatedCloud.forSpec(spec).tripAlarm(Region.of("eu-west-1"), TestSpecs.ALARM,
        CloudCall.SET_FLAG, null, Duration.ZERO);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.stub.approve(new GateDecision(null, "alice", null));
      assertThat(run.failureType()).isEqualTo(FailureType.ALARM.name());
      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(status.flag().state()).isEqualTo(FlagState.RESTORED);
      assertThat(h.flag()).as("the flag did not exist before: deleted").isEqualTo(FlagValue.absent());
      for (String region : REGIONS) {
        assertThat(h.alias(region)).as(region).isEqualTo(ORIGINAL);
      }
      List<String> ops = ops(h.cloud);
      assertThat(ops).containsSubsequence("SET_FLAG us-east-1", "RESTORE_FLAG us-east-1");
      for (String region : REGIONS) {
        assertThat(ops).as("flag before " + region).containsSubsequence("RESTORE_FLAG us-east-1", "ROLLBACK " + region);
      }
      run.recordHistories("alarm-during-flag-bake");
    }
  }

  @Test
  void givenARejection_itRollsBackWave1AndRecordsWhoRejected() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      assertThatThrownBy(() -> run.stub.reject(new GateDecision(null, "alice", "")))
          .isInstanceOf(WorkflowUpdateException.class);
      GateStatus gate = run.stub.reject(new GateDecision(null, "alice", "p99 is creeping up"));
      assertThat(gate.state()).isEqualTo(GateState.REJECTED);
      assertThat(run.failureType()).isEqualTo(FailureType.REJECTED.name());
      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(status.gates().get(0).decidedBy()).isEqualTo("alice");
      assertThat(status.gates().get(0).comment()).isEqualTo("p99 is creeping up");
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
      assertThat(ops(h.cloud)).noneMatch(op -> op.contains("eu-west-1") || op.contains("ap-southeast-2"));
      run.recordHistories("rejection");
    }
  }

  @Test
  void givenARejection_theRecordedFailureReadsLikeStatusCarriesTheFinalStatusAndHasNoJavaStackTrace() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.stub.reject(new GateDecision(null, "alice", "p99 is creeping up"));
      assertThat(run.failureType()).isEqualTo(FailureType.REJECTED.name());

      List<HistoryEvent> events = run.history().getEvents();
      HistoryEvent last = events.get(events.size() - 1);
      assertThat(last.getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
      var failure = last.getWorkflowExecutionFailedEventAttributes().getFailure();
      // What the Web UI shows as the release's result: status's phase line, not a Java stack trace.
      assertThat(failure.getMessage()).isEqualTo("ROLLED_BACK - " + run.status().activity())
          .startsWith("ROLLED_BACK - rolled back: ").contains("alice").contains("p99 is creeping up");
      assertThat(failure.getStackTrace()).isEmpty();
      assertThat(failure.hasCause()).isFalse();
      assertThat(failure.getApplicationFailureInfo().getType()).isEqualTo(FailureType.REJECTED.name());
      // The final status, readable from the history alone (shepherd status needs no worker for it).
      ReleaseStatus recorded = io.temporal.common.converter.DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(0,
          java.util.Optional.of(failure.getApplicationFailureInfo().getDetails()), ReleaseStatus.class,
          ReleaseStatus.class);
      assertThat(recorded).isEqualTo(run.status());
      assertThat(recorded.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(recorded.gates().get(0).decidedBy()).isEqualTo("alice");
    }
  }

  @Test
  void givenNobodyDecides_whenTheApprovalTimeoutPasses_itRejectsAndRollsBack() {
    // The guard watches wave 1 while the gate waits, so this wait passes in real time: keep it short.
    ReleaseSpec spec = TestSpecs.twoWaves(new PolicySpec(null, Duration.ofSeconds(3), null, null), TestSpecs.BAKE,
        TestSpecs.BAKE);
    try (var h = new ReleaseHarness(spec)) {
      var run = h.start("1.4.2");
      assertThat(run.failureType()).isEqualTo(FailureType.APPROVAL_TIMEOUT.name());
      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      GateStatus gate = status.gates().get(0);
      assertThat(gate.state()).isEqualTo(GateState.TIMED_OUT);
      assertThat(Duration.between(gate.waitingSince(), gate.decidedAt()))
          .isBetween(Duration.ofSeconds(3), Duration.ofSeconds(30));
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
      assertThat(ReleaseHarness.audit(status)).extracting(AuditEntry::action).contains("APPROVAL_TIMED_OUT");
      run.recordHistories("approval-timeout");
    }
  }

  @Test
  void givenAReleaseBaking_whenAnOperatorAborts_itStopsTheBakeAndRollsBack() {
    ReleaseSpec spec = TestSpecs.twoWaves(PolicySpec.defaults(), Duration.ofMinutes(30), TestSpecs.BAKE);
    try (var h = new ReleaseHarness(spec)) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.BAKING);
      assertThatThrownBy(() -> run.stub.abort(new OperatorAction("dave", " ")))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("a reason is required");
      ActionResult result = run.stub.abort(new OperatorAction("dave", "customer complaints"));
      assertThat(result.message()).contains("aborted");
      assertThat(run.failureType()).isEqualTo(FailureType.ABORTED.name());
      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(status.failure()).contains("aborted by dave: customer complaints");
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
      assertThat(ReleaseHarness.audit(status)).extracting(AuditEntry::actor, AuditEntry::action)
          .contains(org.assertj.core.groups.Tuple.tuple("dave", "ABORTED"));
      assertThat(Duration.between(status.startedAt(), status.updatedAt())).as("the 30-minute bake was cut short")
          .isLessThan(Duration.ofMinutes(5));
      run.recordHistories("abort-mid-bake");
    }
  }

  @Test
  void givenAnAbortRightAfterTheStart_nothingIsTouched() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    var cloud = SimulatedCloud.forSpec(spec).latency(Duration.ofMillis(300));
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      run.stub.abort(new OperatorAction("dave", "wrong version"));
      assertThat(run.failureType()).isEqualTo(FailureType.ABORTED.name());
      ReleaseStatus status = run.status();
      assertThat(status.failure()).contains("aborted by dave: wrong version");
      assertThat(ops(h.cloud)).noneMatch(op -> op.startsWith("CAPTURE") || op.startsWith("UPDATE_CODE"));
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
    }
  }

  @Test
  void givenARegionInItsCanary_whenAnOperatorAbortsBySignal_theCanaryStopsAndTheRegionRollsBack() {
    ReleaseSpec base = TestSpecs.twoWaves();
    ReleaseSpec spec = new ReleaseSpec(base.application(), base.build(), base.test(),
        new dev.shepherd.spec.DeploySpec(base.deploy().lambda(),
            new dev.shepherd.spec.CanarySpec(dev.shepherd.spec.CanaryWeight.of(25), Duration.ofMinutes(30))),
        base.alarms(), base.waves(), base.flag(), base.approvers(), base.policy());
    try (var h = new ReleaseHarness(spec)) {
      var run = h.start("1.4.2");
      run.awaitStatus("us-east-1 in its canary", s -> h.alias("us-east-1").canaryVersion() != null);
      assertThat(h.alias("us-east-1")).isEqualTo(new AliasState("1", "2", 25));
      run.signal(ReleaseWorkflow.ABORT_SIGNAL, new OperatorAction("erin", "wrong build"));
      assertThat(run.failureType()).isEqualTo(FailureType.ABORTED.name());
      assertThat(run.status().phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(h.alias("us-east-1")).as("routing cleared, old version back").isEqualTo(ORIGINAL);
      assertThat(ops(h.cloud)).doesNotContain("PROMOTE us-east-1");
      assertThat(run.history("us-east-1").getLastEvent().getEventType())
          .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED);
      run.recordHistories("abort-in-canary-by-signal");
    }
  }

  @Test
  void givenTheInitiatorOrAnUnlistedPerson_whenTheyApprove_theUpdateIsRefusedAndNothingIsRecorded() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var run = h.start("1.4.2", "alice");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      List<String> eventsBefore = recordedEvents(run.history().getEvents());

      assertThatThrownBy(() -> run.stub.approve(new GateDecision(null, "alice", "ship it")))
          .isInstanceOf(WorkflowUpdateException.class)
          .hasStackTraceContaining("alice started this release and may not approve it");
      assertThatThrownBy(() -> run.stub.approve(new GateDecision(null, "mallory", null)))
          .isInstanceOf(WorkflowUpdateException.class)
          .hasStackTraceContaining("mallory is not an approver");
      assertThatThrownBy(() -> run.stub.approve(new GateDecision("nope", "bob", null)))
          .isInstanceOf(WorkflowUpdateException.class)
          .hasStackTraceContaining("there is no gate named \"nope\"");

      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.AWAITING_APPROVAL);
      assertThat(status.gates().get(0).state()).isEqualTo(GateState.WAITING);
      assertThat(ReleaseHarness.audit(status)).isEmpty();
      assertThat(recordedEvents(run.history().getEvents())).isEqualTo(eventsBefore)
          .doesNotContain(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED.name());

      run.stub.approve(new GateDecision(null, "bob", null));
      assertThat(run.result().status().phase()).isEqualTo(ReleasePhase.RELEASED);
    }
  }

  @Test
  void givenAGateWaiting_whenTheReleaseIsAborted_theStatusShowsNothingStillWaiting() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.stub.abort(new OperatorAction("erin", "not this week"));
      assertThat(run.failureType()).isEqualTo(FailureType.ABORTED.name());
      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(status.gates().get(0).state()).isEqualTo(GateState.CANCELLED);
      assertThat(status.waves().get(0).state()).isEqualTo(WaveState.ROLLED_BACK);
      assertThat(status.waves().get(1).state()).isEqualTo(WaveState.CANCELLED);
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
    }
  }

  @Test
  void givenAForgedProgressSignalNamingARollbackTarget_itIsIgnoredAndAuditedAndTheCapturedTargetIsUsed() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.signal("regionProgress", new RegionProgress(Region.of("eu-west-1"), RegionState.CAPTURED, "99", null, 0));
      run.signal("regionProgress", (Object) null);
      run.awaitStatus("both signals audited", s -> ReleaseHarness.audit(s).size() == 2);
      run.stub.approve(new GateDecision(null, "bob", null));
      ReleaseStatus done = run.result().status();
      RegionStatus west = done.waves().get(1).regions().get(0);
      assertThat(west.region()).isEqualTo(Region.of("eu-west-1"));
      assertThat(west.previousVersion()).as("the captured rollback target, not the forged one").isEqualTo("1");
      assertThat(ReleaseHarness.audit(done)).filteredOn(e -> e.action().equals("IGNORED_SIGNAL")).hasSize(2)
          .allSatisfy(e -> assertThat(e.detail()).contains("unknown signal \"regionProgress\""));
      run.recordHistories("forged-progress-signal");
    }
  }

  @Test
  void givenAnApprovedGate_whenSomeoneApprovesItAgain_itIsRefused() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.stub.approve(new GateDecision("rest", "bob", null));
      assertThatThrownBy(() -> run.stub.approve(new GateDecision("rest", "alice", null)))
          .isInstanceOf(WorkflowUpdateException.class)
          .hasStackTraceContaining("gate rest was already approved by bob");
      ReleaseStatus done = run.result().status();
      assertThat(done.gates().get(0).decidedBy()).isEqualTo("bob");
      assertThat(ReleaseHarness.audit(done)).extracting(AuditEntry::action).containsExactly("APPROVED");
    }
  }

  @Test
  void givenSignals_aValidApprovalIsTakenAndAnInvalidOneIsLoggedAsIgnored() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var run = h.start("1.4.2", "carol");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.signal(ReleaseWorkflow.APPROVE_SIGNAL, new GateDecision("rest", "carol", "self-approval attempt"));
      run.awaitStatus("the ignored signal in the audit log", s -> !ReleaseHarness.audit(s).isEmpty());
      assertThat(run.status().gates().get(0).state()).isEqualTo(GateState.WAITING);

      run.signal(ReleaseWorkflow.APPROVE_SIGNAL, new GateDecision("rest", "alice", "via the Temporal UI"));
      ReleaseStatus done = run.result().status();
      assertThat(done.phase()).isEqualTo(ReleasePhase.RELEASED);
      assertThat(ReleaseHarness.audit(done)).hasSize(2);
      AuditEntry ignored = ReleaseHarness.audit(done).get(0);
      assertThat(ignored.actor()).isEqualTo("carol");
      assertThat(ignored.action()).isEqualTo("IGNORED_SIGNAL");
      assertThat(ignored.detail()).contains("carol started this release and may not approve it");
      assertThat(ReleaseHarness.audit(done).get(1).action()).isEqualTo("APPROVED");
      assertThat(done.gates().get(0).decidedBy()).isEqualTo("alice");
      run.recordHistories("approval-by-signal");
    }
  }

  @Test
  void givenPausePolicy_whenADeployFailsAndAnOperatorRetries_itReleases() {
    ReleaseSpec spec = TestSpecs.withPolicy(OnFailure.PAUSE);
    var cloud = SimulatedCloud.forSpec(spec)
        .failCall(CloudCall.UPDATE_CODE, Region.of("eu-west-1"), FailureType.INVALID_REQUEST, 1);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      assertThatThrownBy(() -> run.stub.retry(new OperatorAction("bob", null)))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("not paused");
      run.stub.approve(new GateDecision(null, "bob", null));
      ReleaseStatus paused = run.awaitPhase(ReleasePhase.PAUSED);
      assertThat(paused.pause().step()).contains("deploy wave rest");
      assertThat(paused.pause().reason()).contains("eu-west-1");
      assertThat(h.alias("us-east-1")).as("nothing rolled back while paused").isEqualTo(NEW);

      run.stub.retry(new OperatorAction("bob", "fixed the IAM policy"));
      ReleaseStatus done = run.result().status();
      assertThat(done.phase()).isEqualTo(ReleasePhase.RELEASED);
      for (String region : REGIONS) {
        assertThat(h.alias(region)).as(region).isEqualTo(NEW);
        assertThat(h.cloud.versions(Region.of(region), "payments-api")).as("one new version in " + region)
            .containsExactly("1", "2");
      }
      assertThat(ReleaseHarness.audit(done)).extracting(AuditEntry::action).containsExactly("APPROVED", "PAUSED", "RETRIED");
      run.recordHistories("pause-then-retry");
    }
  }

  @Test
  void givenPausePolicy_whenAnOperatorChoosesRollback_itRollsBack() {
    ReleaseSpec spec = TestSpecs.withPolicy(OnFailure.PAUSE);
    var cloud = SimulatedCloud.forSpec(spec).tripAlarm(Region.of("us-east-1"), TestSpecs.ALARM,
        CloudCall.PROMOTE, Region.of("us-east-1"), Duration.ZERO);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      ReleaseStatus paused = run.awaitPhase(ReleasePhase.PAUSED);
      assertThat(paused.pause().step()).contains("bake wave canary-region");
      run.stub.rollback(new OperatorAction("alice", "alarm is real"));
      assertThat(run.failureType()).isEqualTo(FailureType.OPERATOR_ROLLBACK.name());
      assertThat(run.status().phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
      assertThat(ReleaseHarness.audit(run.status())).extracting(AuditEntry::action).contains("PAUSED", "ROLLBACK_REQUESTED");
      run.recordHistories("pause-then-rollback");
    }
  }

  @Test
  void givenPausePolicy_whenNobodyAnswers_itRollsBackAtThePauseTimeout() {
    ReleaseSpec spec = TestSpecs.withPolicy(OnFailure.PAUSE);
    var cloud = SimulatedCloud.forSpec(spec).failCall(CloudCall.PUBLISH, Region.of("us-east-1"), FailureType.INVALID_REQUEST);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      assertThat(run.failureType()).isEqualTo(FailureType.PAUSE_TIMEOUT.name());
      assertThat(run.status().phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
    }
  }

  @Test
  void givenADeploymentWindow_aWaveWaitsUntilTheWindowOpens() {
    // A daily window that opens three hours from now (UTC) and lasts two hours.
    Instant opens = Instant.now().plus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    String window = "Daily " + hm.format(opens) + "-" + hm.format(opens.plus(Duration.ofHours(2))) + " UTC";
    ReleaseSpec spec = TestSpecs.withWindows(List.of(window));
    try (var h = new ReleaseHarness(spec)) {
      var run = h.start("1.4.2");
      ReleaseStatus waiting = run.awaitPhase(ReleasePhase.WAITING_FOR_WINDOW);
      assertThat(waiting.waves().get(0).state()).isEqualTo(WaveState.WAITING_FOR_WINDOW);
      assertThat(waiting.waves().get(0).waitUntil()).isEqualTo(opens);
      assertThat(ops(h.cloud)).noneMatch(op -> op.startsWith("CAPTURE"));
      // Time skipping carries the three hours while the test waits for the result.
      ReleaseStatus done = run.result().status();
      assertThat(done.phase()).isEqualTo(ReleasePhase.RELEASED);
      Instant firstRegionStarted = run.history().getEvents().stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
          // The application's lock is a child too, taken at the start; the regions are the others.
          .filter(e -> e.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowType().getName()
              .equals("RegionDeploymentWorkflow"))
          .map(e -> Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos()))
          .findFirst().orElseThrow();
      assertThat(firstRegionStarted).as("no region is touched before the window opens").isAfterOrEqualTo(opens);
      assertThat(h.alias("us-east-1")).isEqualTo(NEW);
      run.recordHistories("deployment-window");
    }
  }

  @Test
  void givenAlarmsAlreadyFiringInAWave2Region_itIsNotTouchedAndTheReleaseRollsBack() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    var cloud = SimulatedCloud.forSpec(spec).tripAlarm(Region.of("eu-west-1"), TestSpecs.ALARM, null, null, Duration.ZERO);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      // Wave 1 bakes while watching only us-east-1; eu-west-1's alarm fires before wave 2 starts.
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.stub.approve(new GateDecision(null, "bob", null));
      assertThat(run.failureType()).isEqualTo(FailureType.ALARM_BLOCKED.name());
      assertThat(run.status().failure()).contains("not deploying to eu-west-1").contains("payments-5xx");
      assertThat(ops(h.cloud)).doesNotContain("UPDATE_CODE eu-west-1");
      for (String region : REGIONS) {
        assertThat(h.alias(region)).as(region).isEqualTo(ORIGINAL);
      }
    }
  }

  @Test
  void givenAlarmBlockerWait_aRegionWaitsForItsAlarmsToBeQuietThenDeploys() {
    ReleaseSpec spec = TestSpecs.withoutGates(new PolicySpec(null, null, null, null,
        dev.shepherd.spec.AlarmBlocker.WAIT, Duration.ofHours(1)));
    var cloud = SimulatedCloud.forSpec(spec).setAlarm(Region.of("us-east-1"), TestSpecs.ALARM, "deploy freeze");
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      run.awaitStatus("the first alarm check", s -> ops(h.cloud).contains("CHECK_ALARMS us-east-1"));
      assertThat(ops(h.cloud)).doesNotContain("UPDATE_CODE us-east-1");
      h.cloud.clearAlarm(Region.of("us-east-1"), TestSpecs.ALARM);
      ReleaseStatus done = run.result().status();
      assertThat(done.phase()).isEqualTo(ReleasePhase.RELEASED);
      assertThat(h.alias("us-east-1")).isEqualTo(NEW);
      run.recordHistories("alarm-blocker-wait");
    }
  }

  @Test
  void givenAlarmBlockerWait_whenTheAlarmsNeverQuieten_itFailsAtTheBlockerTimeout() {
    ReleaseSpec spec = TestSpecs.withoutGates(new PolicySpec(null, null, null, null,
        dev.shepherd.spec.AlarmBlocker.WAIT, Duration.ofMinutes(30)));
    var cloud = SimulatedCloud.forSpec(spec).setAlarm(Region.of("us-east-1"), TestSpecs.ALARM, "deploy freeze");
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      assertThat(run.failureType()).isEqualTo(FailureType.ALARM_BLOCKED.name());
      assertThat(run.status().failure()).contains("already in ALARM for 30m").contains("deploy freeze");
      assertThat(ops(h.cloud)).doesNotContain("UPDATE_CODE us-east-1");
      assertThat(ops(h.cloud).stream().filter(op -> op.equals("CHECK_ALARMS us-east-1")).count())
          .as("re-checked, a bounded number of times").isBetween(2L, 21L);
    }
  }

  @Test
  void givenARunningRelease_whenTheSameReleaseIsStartedAgain_itIsRefused() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      assertThatThrownBy(() -> h.start("1.4.2", "bob"))
          .isInstanceOf(ReleaseAlreadyStartedException.class)
          .hasMessageContaining("release/payments/1.4.2 already exists");
      run.stub.approve(new GateDecision(null, "bob", null));
      run.result();
      assertThatThrownBy(() -> h.start("1.4.2", "bob")).as("a released version is not released again")
          .isInstanceOf(ReleaseAlreadyStartedException.class);
    }
  }

  @Test
  void givenAnInvalidSpec_theWorkflowRefusesToStartAnything() {
    ReleaseSpec good = TestSpecs.twoWaves();
    ReleaseSpec bad = new ReleaseSpec(good.application(), good.build(), good.test(), good.deploy(), good.alarms(),
        List.of(good.waves().get(0), new dev.shepherd.spec.WaveSpec("rest", List.of(Region.of("us-east-1")),
            Duration.ZERO, null)),
        good.flag(), good.approvers(), good.policy());
    try (var h = new ReleaseHarness(good)) {
      var run = h.releases.start(new ReleaseRequest(bad, "1.4.2", "carol", null));
      var r = h.new Run(run.getWorkflowId());
      assertThat(r.failureType()).isEqualTo(FailureType.INVALID_SPEC.name());
      assertThat(r.failureMessage()).contains("waves[1].regions[0]").contains("a region belongs to one wave");
      assertThat(h.cloud.operations()).isEmpty();
    }
  }

  @Test
  void givenTwoBakeLengths_theHistoryHasTheSameEvents() {
    List<String> shortBake = eventsOfReleaseWithBake(Duration.ofSeconds(1));
    List<String> longBake = eventsOfReleaseWithBake(Duration.ofSeconds(4));
    assertThat(longBake).hasSizeGreaterThan(50).isEqualTo(shortBake);
  }

  /**
   * The events a release records, by type, sorted; without workflow-task events, whose grouping follows
   * how concurrent completions happen to interleave, not what the release did.
   */
  static List<String> recordedEvents(List<HistoryEvent> events) {
    // Also without ACTIVITY_TASK_CANCELED: whether a cancelled guard watch acknowledges its cancellation
    // before the release ends depends on when its next heartbeat happens to go out.
    return events.stream().map(e -> e.getEventType().name())
        .filter(t -> !t.startsWith("EVENT_TYPE_WORKFLOW_TASK_") && !t.equals("EVENT_TYPE_ACTIVITY_TASK_CANCELED"))
        .sorted().toList();
  }

  private static List<String> eventsOfReleaseWithBake(Duration bake) {
    ReleaseSpec spec = TestSpecs.twoWaves(PolicySpec.defaults(), bake, bake);
    try (var h = new ReleaseHarness(spec)) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.stub.approve(new GateDecision(null, "bob", null));
      assertThat(run.result().status().phase()).isEqualTo(ReleasePhase.RELEASED);
      // Heartbeats of the alarm watches record nothing: a longer bake is the same timer, the same watchers.
      return recordedEvents(run.history().getEvents());
    }
  }

  static List<String> ops(SimulatedCloud cloud) {
    return cloud.operations().stream()
        .map(op -> op.call() + (op.region() != null && op.call() != CloudCall.BUILD && op.call() != CloudCall.TEST
            ? " " + op.region() : ""))
        .toList();
  }

  private static RegionState regionState(ReleaseStatus status, String region) {
    return status.waves().stream().flatMap(w -> w.regions().stream())
        .filter(r -> r.region().code().equals(region)).findFirst().orElseThrow().state();
  }
}
