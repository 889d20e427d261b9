package dev.shepherd.release;

import dev.shepherd.release.lock.LockDecision;
import dev.shepherd.release.operator.ActionResult;
import dev.shepherd.release.operator.GateDecision;
import dev.shepherd.release.operator.OperatorAction;
import dev.shepherd.release.status.GateStatus;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One release of an application: build, test, deploy wave by wave with canaries, bake under alarm
 * watch, turn on the feature flag; roll everything back in reverse order when anything goes wrong.
 *
 * <p>Operators act through Updates (validated: a refused action records nothing and the caller gets
 * the reason) or through Signals (for the Temporal UI and CLI): {@value #APPROVE_SIGNAL}, {@value
 * #REJECT_SIGNAL} (payload {@code {"gate": ..., "actor": ..., "comment": ...}}, as {@link GateDecision})
 * and {@value #ABORT_SIGNAL} ({@code {"actor": ..., "reason": ...}}, as {@link OperatorAction}). Signals
 * are decoded by the release itself, so that no payload, however malformed, can fail a workflow task: a
 * refused or malformed signal is recorded in the audit log as ignored, with the reason; any other signal
 * name is ignored the same way.
 */
@WorkflowInterface
public interface ReleaseWorkflow {

  /** The signal that approves a gate, as {@link #approve} does. */
  String APPROVE_SIGNAL = "approveGate";
  /** The signal that rejects a gate, as {@link #reject} does. */
  String REJECT_SIGNAL = "rejectGate";
  /** The signal that aborts the release, as {@link #abort} does. */
  String ABORT_SIGNAL = "abortRelease";

  /**
   * Runs the release.
   *
   * @return the final status when the release reached {@link ReleasePhase#RELEASED}
   * @throws io.temporal.failure.ApplicationFailure when it did not: the type is the {@link
   *     FailureType} of the cause, or {@code ABANDONED} when an operator closed it with undos left; the
   *     message is the status's phase line (e.g. {@code ROLLED_BACK - rolled back: ...}), the details are the
   *     final {@link ReleaseStatus}, and there is no Java stack trace (see {@link FailureType#outcome})
   */
  @WorkflowMethod
  ReleaseResult run(ReleaseRequest request);

  /** The whole picture: phase, waves, regions, gates, flag and audit log. */
  @QueryMethod
  ReleaseStatus status();

  /** Approves the gate now waiting (or the named one). */
  @UpdateMethod
  GateStatus approve(GateDecision decision);

  /**
   * Waits until the release has been to its application's lock, and says what it found: held, queued
   * behind another release, or refused. {@code start} asks this so that it can say so.
   */
  @UpdateMethod
  LockDecision lockDecision();

  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(GateDecision decision);

  /** Rejects a gate; the release rolls back. */
  @UpdateMethod
  GateStatus reject(GateDecision decision);

  @UpdateValidatorMethod(updateName = "reject")
  void validateReject(GateDecision decision);

  /** Stops whatever runs and rolls the release back. */
  @UpdateMethod
  ActionResult abort(OperatorAction action);

  @UpdateValidatorMethod(updateName = "abort")
  void validateAbort(OperatorAction action);

  /** Retries the failed step of a paused release. */
  @UpdateMethod
  ActionResult retry(OperatorAction action);

  @UpdateValidatorMethod(updateName = "retry")
  void validateRetry(OperatorAction action);

  /**
   * Rolls back a paused or running release; on a release in {@link ReleasePhase#ROLLBACK_FAILED}, runs
   * the undos that are left again (once the operator has fixed what made them fail).
   */
  @UpdateMethod
  ActionResult rollback(OperatorAction action);

  @UpdateValidatorMethod(updateName = "rollback")
  void validateRollback(OperatorAction action);

  /**
   * Closes a release in {@link ReleasePhase#ROLLBACK_FAILED} with its undos left undone; a reason is
   * required, and the audit log keeps who and why. The only way such a release ends.
   */
  @UpdateMethod
  ActionResult abandon(OperatorAction action);

  @UpdateValidatorMethod(updateName = "abandon")
  void validateAbandon(OperatorAction action);

}
