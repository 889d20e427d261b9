package dev.shepherd.release;

import dev.shepherd.release.lock.LockDecision;
import dev.shepherd.release.operator.GateDecision;
import dev.shepherd.release.operator.OperatorAction;
import dev.shepherd.release.status.AuditEntry;
import dev.shepherd.release.status.RegionState;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.cloud.AliasState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import org.junit.jupiter.api.Test;

/** One release per application at a time: the second is refused, or queued behind the first. */
class ApplicationLockTest {

  private static final AliasState ORIGINAL = AliasState.of("1");
  private static final AliasState FIRST = AliasState.of("2");

  @Test
  void givenAReleaseWaitingAtItsGate_aSecondReleaseOfTheApplicationIsRefusedAndChangesNothing() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var first = h.start("1.4.2", "carol");
      first.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      int operations = h.cloud.operations().size();

      var second = h.start("1.4.3", "dave");

      LockDecision decision = second.stub.lockDecision();
      assertThat(decision.outcome()).isEqualTo(LockDecision.REFUSED);
      assertThat(decision.holder()).isEqualTo(first.workflowId);
      assertThat(second.failureType()).isEqualTo(FailureType.LOCKED.name());
      ReleaseStatus refused = second.status();
      assertThat(refused.phase()).isEqualTo(ReleasePhase.FAILED);
      assertThat(refused.failure()).contains(first.workflowId).contains("--queue");
      assertThat(h.cloud.operations()).as("the second release touched nothing").hasSize(operations);
      assertThat(h.alias("us-east-1")).isEqualTo(FIRST);
      assertThat(first.status().phase()).as("the first is undisturbed").isEqualTo(ReleasePhase.AWAITING_APPROVAL);
      assertThat(first.stub.lockDecision().outcome()).isEqualTo(LockDecision.HELD);
      second.recordHistories("lock-refused");
    }
  }

  @Test
  void givenAQueuedRelease_itWaitsUntilTheRunningOneEndsThenRunsFromTheStart() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var first = h.start("1.4.2", "carol");
      first.awaitPhase(ReleasePhase.AWAITING_APPROVAL);

      var second = h.startQueued("1.4.3", "dave");
      assertThat(second.stub.lockDecision()).isEqualTo(new LockDecision(LockDecision.QUEUED, first.workflowId,
          ReleaseIds.lock("payments")));
      ReleaseStatus queued = second.awaitPhase(ReleasePhase.QUEUED);
      assertThat(queued.activity()).contains("queued behind " + first.workflowId);
      assertThat(queued.waves().get(0).regions()).allSatisfy(r -> assertThat(r.state()).isEqualTo(RegionState.PENDING));

      first.stub.reject(new GateDecision(null, "bob", "not today"));
      assertThat(first.failureType()).isEqualTo(FailureType.REJECTED.name());
      assertThat(h.alias("us-east-1")).isEqualTo(ORIGINAL);

      ReleaseStatus going = second.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      // Its rollback target is what the first left behind after its rollback, not the first's version.
      assertThat(going.waves().get(0).regions().get(0).previousVersion()).isEqualTo("1");
      assertThat(ReleaseHarness.audit(going)).extracting(AuditEntry::action).containsSubsequence("QUEUED", "LOCK_TAKEN");
      second.recordHistories("lock-queued");
    }
  }

  @Test
  void givenTheHolderEnds_itsLockWorkflowClosesAsCompleted() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var first = h.start("1.4.2", "carol");
      first.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      WorkflowStub lock = h.client.newUntypedWorkflowStub(ReleaseIds.lock("payments"));
      assertThat(lock.describe().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
      assertThat(lock.describe().getParentExecution().getWorkflowId()).isEqualTo(first.workflowId);

      first.stub.reject(new GateDecision(null, "bob", "not today"));
      first.failureType();

      assertThat(lock.describe().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    }
  }

  @Test
  void givenAReleaseThatEnded_aNewReleaseOfTheApplicationTakesTheLock() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var first = h.start("1.4.2", "carol");
      first.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      first.stub.approve(new GateDecision(null, "bob", "fine"));
      assertThat(first.result().status().phase()).isEqualTo(ReleasePhase.RELEASED);

      var second = h.start("1.4.3", "dave");

      assertThat(second.stub.lockDecision().outcome()).isEqualTo(LockDecision.HELD);
      second.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
    }
  }

  @Test
  void givenAQueuedReleaseIsAborted_itEndsHavingChangedNothingAndTheHolderGoesOn() {
    try (var h = new ReleaseHarness(TestSpecs.twoWaves())) {
      var first = h.start("1.4.2", "carol");
      first.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      var queued = h.startQueued("1.4.3", "dave");
      queued.awaitPhase(ReleasePhase.QUEUED);

      queued.stub.abort(new OperatorAction("dave", "wrong version"));

      assertThat(queued.failureType()).isEqualTo(FailureType.ABORTED.name());
      assertThat(queued.status().phase()).isEqualTo(ReleasePhase.FAILED);
      assertThat(first.status().phase()).isEqualTo(ReleasePhase.AWAITING_APPROVAL);
      first.stub.approve(new GateDecision(null, "bob", "fine"));
      assertThat(first.result().status().phase()).isEqualTo(ReleasePhase.RELEASED);
    }
  }
}
