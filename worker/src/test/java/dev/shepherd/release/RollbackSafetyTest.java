package dev.shepherd.release;

import dev.shepherd.release.operator.ActionResult;
import dev.shepherd.release.operator.GateDecision;
import dev.shepherd.release.operator.OperatorAction;
import dev.shepherd.release.region.RegionDeploymentRequest;
import dev.shepherd.release.region.RegionDeploymentWorkflow;
import dev.shepherd.release.status.AuditEntry;
import dev.shepherd.release.status.FlagState;
import dev.shepherd.release.status.GateState;
import dev.shepherd.release.status.RegionState;
import dev.shepherd.release.status.RegionStatus;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.release.status.UndoState;
import dev.shepherd.release.status.UndoStatus;
import dev.shepherd.release.status.WaveState;
import dev.shepherd.release.story.AuditLog;
import static dev.shepherd.release.ReleaseWorkflowTest.ops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.FlagLocation;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.cloud.RollbackTarget;
import dev.shepherd.sim.SimulatedCloud;
import dev.shepherd.sim.CloudCall;
import dev.shepherd.spec.OnFailure;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The release's worst paths, each forced: undos that fail, aliases and flags changed behind the release's
 * back, alarms while nothing seems to happen, watches gone blind, forged and malformed messages. Each
 * test asserts what an operator would check in the cloud and in the status.
 */
class RollbackSafetyTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final Region WEST = Region.of("eu-west-1");
  private static final Region SYDNEY = Region.of("ap-southeast-2");
  private static final AliasState ORIGINAL = AliasState.of("1");
  private static final AliasState NEW = AliasState.of("2");
  private static final String FUNCTION = "payments-api";
  private static final String ALIAS = "live";

  // ----- rollback never gives up; a permanent failure leaves the release open -----

  @Test
  void givenAnUndoThatFailsPermanently_theReleaseStaysOpenInRollbackFailed_andARollbackAfterTheFixRestoresIt() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    var cloud = SimulatedCloud.forSpec(spec)
        .tripAlarm(EAST, TestSpecs.ALARM, CloudCall.PROMOTE, EAST, Duration.ZERO)
        .failCall(CloudCall.ROLLBACK, EAST, FailureType.ACCESS_DENIED, 1);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      ReleaseStatus failed = run.awaitPhase(ReleasePhase.ROLLBACK_FAILED);
      assertThat(WorkflowStub.fromTyped(run.stub).describe().getStatus())
          .as("still open for a person").isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
      RegionStatus east = failed.waves().get(0).regions().get(0);
      assertThat(east.state()).isEqualTo(RegionState.ROLLBACK_FAILED);
      assertThat(east.detail()).contains("rollback to version 1 failed").contains("ACCESS_DENIED");
      assertThat(failed.rollbackPlan()).singleElement().satisfies(u -> {
        assertThat(u.state()).isEqualTo(UndoState.FAILED);
        assertThat(u.what()).contains("us-east-1").contains("version 1");
      });
      assertThat(failed.activity()).contains("may still serve version 2");
      assertThat(h.alias("us-east-1")).as("the cloud really is left on the new version").isEqualTo(NEW);
      assertThatThrownBy(() -> run.stub.retry(new OperatorAction("bob", null)))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("use rollback");

      // The operator fixes the IAM policy (the fault was a one-off) and asks for the rest to be undone.
      ActionResult again = run.stub.rollback(new OperatorAction("bob", "IAM policy fixed"));
      assertThat(again.message()).contains("retrying the rollback");
      assertThat(run.failureType()).isEqualTo(FailureType.ALARM.name());
      ReleaseStatus done = run.status();
      assertThat(done.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
      assertThat(done.rollbackPlan()).singleElement().extracting(UndoStatus::state).isEqualTo(UndoState.RESTORED);
      assertThat(ReleaseHarness.audit(done)).extracting(AuditEntry::action)
          .containsSubsequence("ROLLBACK_STARTED", "ROLLBACK_FAILED", "ROLLBACK_RETRIED", "ROLLED_BACK");
      run.recordHistories("rollback-failed-then-retried");
    }
  }

  @Test
  void givenARollbackFailed_whenAnOperatorAbandonsItWithAReason_itEndsAbandonedAndTheAuditSaysWhoAndWhy() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    var cloud = SimulatedCloud.forSpec(spec)
        .tripAlarm(EAST, TestSpecs.ALARM, CloudCall.PROMOTE, EAST, Duration.ZERO)
        .failCall(CloudCall.ROLLBACK, EAST, FailureType.NOT_FOUND);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.ROLLBACK_FAILED);
      assertThatThrownBy(() -> run.stub.abandon(new OperatorAction("bob", " ")))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("a reason is required");
      run.stub.abandon(new OperatorAction("bob", "function replaced by hand; nothing left to undo"));
      assertThat(run.failureType()).isEqualTo(FailureType.ABANDONED.name());
      assertThat(run.failureMessage()).startsWith("ABANDONED - abandoned by bob").contains("may still serve version 2");
      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.ABANDONED);
      assertThat(ReleaseHarness.audit(status)).filteredOn(e -> e.action().equals("ABANDONED")).singleElement()
          .satisfies(e -> {
            assertThat(e.actor()).isEqualTo("bob");
            assertThat(e.detail()).contains("function replaced by hand");
          });
      assertThat(h.alias("us-east-1")).isEqualTo(NEW);
    }
  }

  @Test
  void givenARunningRelease_abandonIsRefusedAndNothingIsRecorded() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      assertThatThrownBy(() -> run.stub.abandon(new OperatorAction("bob", "bored")))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("only a release in ROLLBACK_FAILED");
      assertThat(ReleaseHarness.audit(run.status())).isEmpty();
      run.stub.approve(new GateDecision(null, "bob", null));
      assertThat(run.result().status().phase()).isEqualTo(ReleasePhase.RELEASED);
    }
  }

  @Test
  void givenTransientUndoFailures_theRollbackRetriesWithoutAnAttemptLimitUntilItSucceeds() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    var cloud = SimulatedCloud.forSpec(spec)
        .tripAlarm(EAST, TestSpecs.ALARM, CloudCall.PROMOTE, EAST, Duration.ZERO)
        .failCallTransiently(CloudCall.ROLLBACK, EAST, 3);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      assertThat(run.failureType()).isEqualTo(FailureType.ALARM.name());
      assertThat(run.status().phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
      List<HistoryEvent> undos = run.history().getEvents().stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
          .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("RestoreAlias"))
          .toList();
      assertThat(undos).isNotEmpty().allSatisfy(e -> {
        var retry = e.getActivityTaskScheduledEventAttributes().getRetryPolicy();
        assertThat(retry.getMaximumAttempts()).as("no attempt limit").isZero();
        assertThat(retry.getMaximumInterval().getSeconds()).as("backoff capped at minutes").isEqualTo(120);
      });
    }
  }

  // ----- the rollback plan: only what was changed, never what someone else changed since -----

  @Test
  void givenSomeoneMovesOneRegionsAliasDuringTheBake_thatRegionIsLeftDriftedAndTheOthersRollBack() {
    ReleaseSpec spec = TestSpecs.spec().withLastWaveBake(Duration.ofMinutes(10)).withoutGates().build();
    try (var h = new ReleaseHarness(spec)) {
      var run = h.start("1.4.2");
      run.awaitStatus("wave 2 baking", s -> s.waves().get(1).state() == WaveState.BAKING);
      h.cloud.moveAlias(WEST, FUNCTION, ALIAS, "7");   // a hotfix, by hand
      h.cloud.setAlarm(SYDNEY, TestSpecs.ALARM, "5xx above threshold");
      assertThat(run.failureType()).isEqualTo(FailureType.ALARM.name());
      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(h.alias("eu-west-1")).as("the hotfix is not reverted").isEqualTo(AliasState.of("7"));
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
      assertThat(h.alias("ap-southeast-2")).isEqualTo(ORIGINAL);
      RegionStatus west = status.waves().get(1).regions().get(0);
      assertThat(west.state()).isEqualTo(RegionState.DRIFTED);
      assertThat(west.newVersion()).isEqualTo("2");
      assertThat(west.foundVersion()).isEqualTo("7");
      assertThat(ops(h.cloud)).doesNotContain("ROLLBACK eu-west-1").contains("ROLLBACK us-east-1", "ROLLBACK ap-southeast-2");
      assertThat(run.failureMessage()).contains("left alone").contains("eu-west-1");
      run.recordHistories("alias-drifted");
    }
  }

  @Test
  void givenSomeoneChangesTheFlagDuringTheFlagBake_theFlagIsLeftAloneAndReportedDrifted() {
    ReleaseSpec spec = TestSpecs.spec().withFlagBake(Duration.ofMinutes(10)).withoutGates().build();
    FlagLocation target = new FlagLocation(EAST, spec.flag().ssm(), null);
    try (var h = new ReleaseHarness(spec)) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.FLAG_BAKE);
      h.cloud.putFlag(target, "false");
      h.cloud.setAlarm(WEST, TestSpecs.ALARM, "latency");
      assertThat(run.failureType()).isEqualTo(FailureType.ALARM.name());
      ReleaseStatus status = run.status();
      assertThat(status.flag().state()).isEqualTo(FlagState.DRIFTED);
      assertThat(h.flag()).isEqualTo(FlagValue.of("false"));
      assertThat(ops(h.cloud)).doesNotContain("RESTORE_FLAG us-east-1");
      for (String region : List.of("us-east-1", "eu-west-1", "ap-southeast-2")) {
        assertThat(h.alias(region)).as(region).isEqualTo(ORIGINAL);
      }
    }
  }

  @Test
  void givenADeployThatFailsBeforeTheAliasMoved_theRollbackWritesNothingThere() {
    ReleaseSpec spec = TestSpecs.spec().withoutGates().build();
    var cloud = SimulatedCloud.forSpec(spec).failCall(CloudCall.UPDATE_CODE, SYDNEY, FailureType.ACCESS_DENIED);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      assertThat(run.failureType()).isEqualTo(FailureType.ACCESS_DENIED.name());
      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(ops(h.cloud)).doesNotContain("ROLLBACK ap-southeast-2").contains("ROLLBACK us-east-1");
      assertThat(status.rollbackPlan()).filteredOn(u -> u.what().contains("ap-southeast-2")).singleElement()
          .extracting(UndoStatus::state).isEqualTo(UndoState.UNCHANGED);
      assertThat(h.alias("ap-southeast-2")).isEqualTo(ORIGINAL);
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
    }
  }

  // ----- deployed code is always watched -----

  @Test
  void givenAnAlarmWhileAGateWaits_theReleaseRollsBackAtOnceRatherThanAfterTheGate() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      h.cloud.setAlarm(EAST, TestSpecs.ALARM, "errors while waiting for approval");
      assertThat(run.failureType()).isEqualTo(FailureType.ALARM.name());
      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(status.failure()).contains("us-east-1").contains("errors while waiting for approval");
      assertThat(status.gates().get(0).state()).isEqualTo(GateState.CANCELLED);
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
      assertThat(Duration.between(status.startedAt(), status.updatedAt())).as("not after the 72h approval timeout")
          .isLessThan(Duration.ofMinutes(5));
      run.recordHistories("alarm-while-gate-waits");
    }
  }

  @Test
  void givenPausePolicy_whenAnAlarmFiresWhilePaused_itStaysPausedAndSaysSo() {
    ReleaseSpec spec = TestSpecs.withPolicy(OnFailure.PAUSE);
    var cloud = SimulatedCloud.forSpec(spec).failCall(CloudCall.UPDATE_CODE, WEST, FailureType.INVALID_REQUEST, 1);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.stub.approve(new GateDecision(null, "bob", null));
      run.awaitPhase(ReleasePhase.PAUSED);
      h.cloud.setAlarm(EAST, TestSpecs.ALARM, "5xx");
      ReleaseStatus paused = run.awaitStatus("the alarm noted", s -> ReleaseHarness.audit(s).stream()
          .anyMatch(e -> e.action().equals("ALARM_WHILE_PAUSED")));
      assertThat(paused.phase()).isEqualTo(ReleasePhase.PAUSED);
      assertThat(paused.pause().reason()).contains("us-east-1");
      run.stub.rollback(new OperatorAction("alice", "alarm is real"));
      assertThat(run.failureType()).isEqualTo(FailureType.OPERATOR_ROLLBACK.name());
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
    }
  }

  @Test
  void givenAlarmReadsFailingForLongerThanBlindAfter_theReleaseRollsBackAsBlind() {
    ReleaseSpec spec = TestSpecs.spec().withPolicy(TestSpecs.policy(null, null, Duration.ofSeconds(2)))
        .withBake(Duration.ofMinutes(10)).build();
    try (var h = new ReleaseHarness(spec)) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.BAKING);
      h.cloud.failAlarmReadsUntilCleared(EAST);
      assertThat(run.failureType()).isEqualTo(FailureType.BLIND.name());
      assertThat(run.status().failure()).contains("us-east-1");
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
    }
  }

  @Test
  void givenAlarmReadsFailingBriefly_theWatchCarriesOnAndTheReleaseSucceeds() {
    ReleaseSpec spec = TestSpecs.spec().withPolicy(TestSpecs.policy(null, null, Duration.ofSeconds(30)))
        .withoutGates().build();
    var cloud = SimulatedCloud.forSpec(spec).failAlarmReads(EAST, 5).failAlarmReads(WEST, 5);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      assertThat(run.result().status().phase()).isEqualTo(ReleasePhase.RELEASED);
      assertThat(h.alias("eu-west-1")).isEqualTo(NEW);
    }
  }

  // ----- nothing from outside can forge the release's state or fail its workflow task -----

  @Test
  void givenMalformedSignals_noWorkflowTaskFailsTheyAreAuditedAndTheReleaseCanStillBeAborted() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      WorkflowStub untyped = WorkflowStub.fromTyped(run.stub);
      untyped.signal(ReleaseWorkflow.APPROVE_SIGNAL);                                  // no payload
      untyped.signal(ReleaseWorkflow.APPROVE_SIGNAL, (Object) null);                   // null
      untyped.signal(ReleaseWorkflow.APPROVE_SIGNAL, "approve please");                // wrong shape
      untyped.signal(ReleaseWorkflow.APPROVE_SIGNAL, Map.of("actor", Map.of("x", 1))); // wrong field type
      untyped.signal(ReleaseWorkflow.REJECT_SIGNAL, new GateDecision(null, "bob\nAPPROVED by alice", "x"));
      untyped.signal("regionProgress", Map.of("region", "eu-west-1", "previousVersion", "99"));
      ReleaseStatus status = run.awaitStatus("six refusals", s -> ReleaseHarness.audit(s).size() == 6);
      assertThat(ReleaseHarness.audit(status)).extracting(AuditEntry::action).containsOnly("IGNORED_SIGNAL");
      assertThat(ReleaseHarness.audit(status).get(4).actor()).isEqualTo("(invalid name)");
      assertThat(status.gates().get(0).state()).isEqualTo(GateState.WAITING);

      run.signal(ReleaseWorkflow.ABORT_SIGNAL, new OperatorAction("erin", "enough"));
      assertThat(run.failureType()).isEqualTo(FailureType.ABORTED.name());
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
      assertThat(run.history().getEvents()).extracting(HistoryEvent::getEventType)
          .doesNotContain(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
      run.recordHistories("malformed-signals");
    }
  }

  @Test
  void givenTooManyRefusedSignals_theyAreSummarisedAndEveryDecisionIsKept() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      for (int i = 0; i < 40; i++) {
        run.signal(ReleaseWorkflow.APPROVE_SIGNAL, new GateDecision(null, "mallory", "spam " + i));
      }
      run.stub.approve(new GateDecision(null, "bob", "looks good"));
      ReleaseStatus done = run.result().status();
      assertThat(ReleaseHarness.audit(done)).filteredOn(e -> e.action().equals("IGNORED_SIGNAL")).hasSize(AuditLog.IGNORED_KEPT);
      assertThat(ReleaseHarness.audit(done)).filteredOn(e -> e.action().equals("IGNORED_SIGNALS")).singleElement()
          .satisfies(e -> assertThat(e.detail()).startsWith("20 more refused signals"));
      assertThat(ReleaseHarness.audit(done)).filteredOn(e -> e.action().equals("APPROVED")).singleElement()
          .extracting(AuditEntry::actor).isEqualTo("bob");
    }
  }

  @Test
  void givenHugeSignalsFillingTheHistory_itRefusesSignalsThenStopsAndRollsBackWhileItStillCan() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      String huge = "x".repeat(1_900_000);  // just under Temporal's 2 MB limit for one payload
      for (int i = 0; i < 20 && !run.status().phase().isFinal() && run.status().phase() != ReleasePhase.ROLLING_BACK; i++) {
        run.signal(ReleaseWorkflow.APPROVE_SIGNAL, new GateDecision(null, "mallory", huge));
      }
      assertThat(run.failureType()).isEqualTo(FailureType.HISTORY_LIMIT.name());
      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
      assertThat(h.alias("us-east-1")).as("rolled back before the server could end it").isEqualTo(ORIGINAL);
      assertThat(ReleaseHarness.audit(status)).extracting(AuditEntry::action).contains("HISTORY_LIMIT");
      assertThat(ReleaseHarness.audit(status)).anySatisfy(e -> assertThat(e.detail()).contains("near Temporal's limit"));
      assertThat(ReleaseHarness.audit(status)).allSatisfy(e -> assertThat(e.detail() == null ? 0 : e.detail().length())
          .as("the audit log keeps no huge text").isLessThan(1_000));
    }
  }

  @Test
  void givenOversizedOrControlCharacterInput_theUpdateIsRefusedNamingTheField() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      assertThatThrownBy(() -> run.stub.approve(new GateDecision(null, "b".repeat(65), null)))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("actor: at most 64 characters");
      assertThatThrownBy(() -> run.stub.approve(new GateDecision(null, "bob", "ok\u001b[2J")))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("comment: control characters");
      assertThatThrownBy(() -> run.stub.abort(new OperatorAction("bob", "x".repeat(1001))))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("reason: at most 1000 characters");
      assertThat(ReleaseHarness.audit(run.status())).isEmpty();
      assertThat(run.status().phase()).isEqualTo(ReleasePhase.AWAITING_APPROVAL);
    }
  }

  @Test
  void givenARegionWorkflowStartedByHand_itRefusesToRunAndTouchesNothing() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    try (var h = new ReleaseHarness(spec)) {
      String releaseId = ReleaseIds.release("payments", "6.6.6");
      RegionDeploymentWorkflow region = h.client.newWorkflowStub(RegionDeploymentWorkflow.class,
          WorkflowOptions.newBuilder().setTaskQueue(ReleaseHarness.QUEUE)
              .setWorkflowId(ReleaseIds.region(releaseId, EAST)).build());
      var request = new RegionDeploymentRequest(releaseId, "6.6.6", "canary-region", EAST, spec.deploy().lambda(),
          null, List.of(), "sim://artifacts/evil.zip", null, null, new RollbackTarget(ORIGINAL, null), null, null);
      assertThatThrownBy(() -> region.deploy(request)).isInstanceOf(WorkflowFailedException.class)
          .satisfies(e -> assertThat(((ApplicationFailure) e.getCause()).getType())
              .isEqualTo(FailureType.NOT_UNDER_A_RELEASE.name()));
      assertThat(h.cloud.operations()).isEmpty();
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);
    }
  }

  // ----- a crash costs seconds: no activity may hide a dead worker for long -----

  @Test
  void everyActivityEitherEndsWithinHalfAMinuteOrHeartbeats() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.stub.approve(new GateDecision(null, "bob", null));
      run.result();
      for (var history : List.of(run.history(), run.history("us-east-1"), run.history("eu-west-1"))) {
        assertThat(history.getEvents()).filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .isNotEmpty().allSatisfy(e -> {
              var a = e.getActivityTaskScheduledEventAttributes();
              long startToClose = a.getStartToCloseTimeout().getSeconds();
              long heartbeat = a.getHeartbeatTimeout().getSeconds();
              assertThat(startToClose <= 25 || (heartbeat > 0 && heartbeat <= 20))
                  .as(a.getActivityType().getName() + ": start-to-close " + startToClose + "s, heartbeat " + heartbeat + "s")
                  .isTrue();
            });
      }
    }
  }

}
