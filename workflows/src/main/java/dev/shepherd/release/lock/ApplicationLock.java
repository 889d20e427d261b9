package dev.shepherd.release.lock;

import dev.shepherd.release.FailureType;
import dev.shepherd.release.ReleaseIds;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.story.ActivityStubs;
import dev.shepherd.release.story.Halt;
import dev.shepherd.release.story.ReleaseState;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * One release per application at a time. A release takes its application's lock before it checks or
 * changes anything, by starting the lock workflow ({@link ApplicationLockWorkflow}) as its child: the
 * server refuses a second running workflow with that id, so of two releases started at once exactly one
 * gets it, and the lock closes with its release, however that release ends. A release that finds the lock
 * held is refused ({@code LOCKED}), or, when queued, waits for the holder to end and tries again.
 */
public final class ApplicationLock {

  private final ReleaseState state;
  /** The lock this release holds, or null; and the promise of its end. */
  private ApplicationLockWorkflow held;
  private Promise<Void> heldUntil;

  public ApplicationLock(ReleaseState state) {
    this.state = state;
  }

  /**
   * Takes the lock, waiting while queued.
   *
   * @throws Halt {@code LOCKED} when another release holds it and this one is not queued
   */
  public void acquire() {
    String lockId = ReleaseIds.lock(state.spec.application());
    if (!state.changes.lockAndSpecRules()) { // recorded before the lock: it took none
      state.lockFound(new LockDecision(LockDecision.HELD, null, lockId));
      return;
    }
    boolean queued = false;
    while (true) {
      if (tryToTake(lockId)) {
        state.lockFound(new LockDecision(LockDecision.HELD, null, lockId));
        if (queued) {
          state.record(ReleaseState.SYSTEM, "LOCK_TAKEN", "the release it was queued behind ended; it goes on");
        }
        return;
      }
      LockHolder holder = ActivityStubs.lockHolder("Who holds " + lockId).lockHolder(lockId);
      if (holder.releaseId() == null) {
        continue; // it closed in between
      }
      if (!state.request.queue()) {
        state.lockFound(new LockDecision(LockDecision.REFUSED, holder.releaseId(), lockId));
        throw new Halt(FailureType.LOCKED, holder.releaseId() + " is running; one release of "
            + state.spec.application() + " at a time. Start this one with --queue to run it when that one ends", null);
      }
      state.lockFound(new LockDecision(LockDecision.QUEUED, holder.releaseId(), lockId));
      if (!queued) {
        state.record(ReleaseState.SYSTEM, "QUEUED", "behind " + holder.releaseId());
      }
      queued = true;
      state.enter(ReleasePhase.QUEUED, "queued behind " + holder.releaseId() + "; starts when it ends");
      ActivityStubs.lockWait("Wait for " + holder.releaseId() + " to end").awaitLockFree(lockId);
    }
  }

  /**
   * Lets the lock go as the release ends, so that a queued release goes on at once. Best effort: should
   * this not happen, the server closes the lock when the release closes.
   */
  public void release() {
    if (held == null) {
      return;
    }
    try {
      held.release();
      // Its end is recorded before the release's own: the release never ends while a new event for it is
      // on its way (the server would turn down the release's last workflow task).
      heldUntil.get();
    } catch (ChildWorkflowFailure | io.temporal.failure.CanceledFailure
        | io.temporal.workflow.SignalExternalWorkflowException e) {
      // Closed already (terminated by hand): nothing is held.
    }
    held = null;
  }

  /** Starts the lock workflow; false when another release's is running. */
  private boolean tryToTake(String lockId) {
    ApplicationLockWorkflow lock = Workflow.newChildWorkflowStub(ApplicationLockWorkflow.class,
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(lockId)
            // The server closes the lock when the release closes, however it ends: no release that has
            // ended can hold it, even one terminated by hand.
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE)
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            // Held through an abort and the rollback that follows, until the release closes.
            .setCancellationType(ChildWorkflowCancellationType.ABANDON)
            .setStaticSummary("Lock of application " + state.spec.application() + ", held by " + state.releaseId)
            .build());
    // Started outside the release's cancellable scope: an abort must not give up the lock (or the
    // promise of its end, which the release waits for as it ends).
    List<Promise<Void>> until = new ArrayList<>(1);
    Workflow.newDetachedCancellationScope(() -> until.add(Async.procedure(lock::hold, state.releaseId))).run();
    try {
      Workflow.getWorkflowExecution(lock).get();
      held = lock;
      heldUntil = until.get(0);
      return true;
    } catch (ChildWorkflowFailure e) {
      if (e.getCause() instanceof WorkflowExecutionAlreadyStarted) {
        return false;
      }
      throw e;
    }
  }
}
