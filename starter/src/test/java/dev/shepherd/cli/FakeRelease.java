package dev.shepherd.cli;

import dev.shepherd.release.operator.ActionResult;
import dev.shepherd.release.status.AuditEntry;
import dev.shepherd.release.operator.GateDecision;
import dev.shepherd.release.status.GateStatus;
import dev.shepherd.release.operator.OperatorAction;
import dev.shepherd.release.ReleaseIds;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.ReleaseRequest;
import dev.shepherd.release.ReleaseResult;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.release.ReleaseWorkflow;
import dev.shepherd.spec.Region;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for the release workflow, so that the CLI can be tested against a server before the real
 * workflow implements the contracts: it serves the status the test gave for its version, accepts {@code
 * abandon} only in ROLLBACK_FAILED, and for versions starting with {@code retrying} keeps a build step and a
 * region's code update failing and retried.
 */
final class FakeRelease {

  /** The status each version starts with, set by the test before it starts the workflow. */
  static final Map<String, ReleaseStatus> STATUSES = new ConcurrentHashMap<>();

  private FakeRelease() {}

  @ActivityInterface
  public interface Steps {
    void startBuild();

    void updateCode();
  }

  /** Every attempt fails, as a throttled cloud would. */
  static final class ThrottledSteps implements Steps {
    @Override
    public void startBuild() {
      throw ApplicationFailure.newFailure("Rate exceeded", "Throttling");
    }

    @Override
    public void updateCode() {
      throw ApplicationFailure.newFailure("Rate exceeded", "Throttling");
    }
  }

  private static Steps steps() {
    return Workflow.newActivityStub(Steps.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(10))
        .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(200))
            .setBackoffCoefficient(1).build())
        .build());
  }

  @WorkflowInterface
  public interface Region {
    @WorkflowMethod
    void deploy();
  }

  public static final class RegionImpl implements Region {
    @Override
    public void deploy() {
      steps().updateCode();
    }
  }

  public static final class Impl implements ReleaseWorkflow {

    private ReleaseStatus status;

    @Override
    public ReleaseResult run(ReleaseRequest request) {
      status = STATUSES.get(request.version());
      if (request.version().startsWith("retrying")) {
        Async.procedure(steps()::startBuild);
        Region region = Workflow.newChildWorkflowStub(Region.class, ChildWorkflowOptions.newBuilder()
            .setWorkflowId(ReleaseIds.region(Workflow.getInfo().getWorkflowId(),
                dev.shepherd.spec.Region.of("eu-west-1")))
            .build());
        Async.procedure(region::deploy);
      }
      Workflow.await(() -> status.phase().isFinal());
      return new ReleaseResult(status);
    }

    @Override
    public ReleaseStatus status() {
      return status;
    }

    @Override
    public void validateAbandon(OperatorAction action) {
      if (status.phase() != ReleasePhase.ROLLBACK_FAILED) {
        throw new IllegalStateException("only a release in ROLLBACK_FAILED can be abandoned; this one is "
            + status.phase());
      }
    }

    @Override
    public ActionResult abandon(OperatorAction action) {
      status = Statuses.inPhase(status, ReleasePhase.ABANDONED, new AuditEntry(
          Instant.ofEpochMilli(Workflow.currentTimeMillis()), action.actor(), "ABANDONED", action.reason()));
      return new ActionResult("abandoned with 1 undo left (ap-southeast-2 on version 5)", ReleasePhase.ABANDONED);
    }

    @Override
    public GateStatus approve(GateDecision decision) {
      throw new UnsupportedOperationException();
    }

    @Override
    public dev.shepherd.release.lock.LockDecision lockDecision() {
      return new dev.shepherd.release.lock.LockDecision(dev.shepherd.release.lock.LockDecision.HELD, null,
          ReleaseIds.lock(status.application()));
    }

    @Override
    public void validateApprove(GateDecision decision) {
      throw new IllegalStateException("not in this test");
    }

    @Override
    public GateStatus reject(GateDecision decision) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void validateReject(GateDecision decision) {
      throw new IllegalStateException("not in this test");
    }

    @Override
    public ActionResult abort(OperatorAction action) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void validateAbort(OperatorAction action) {
      throw new IllegalStateException("not in this test");
    }

    @Override
    public ActionResult retry(OperatorAction action) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void validateRetry(OperatorAction action) {
      throw new IllegalStateException("not in this test");
    }

    @Override
    public ActionResult rollback(OperatorAction action) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void validateRollback(OperatorAction action) {
      throw new IllegalStateException("not in this test");
    }
  }
}
