package dev.shepherd.release;

import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import io.temporal.failure.ApplicationFailure;

/**
 * Why something failed. The names are the {@link ApplicationFailure} types that activities and
 * workflows throw, so that callers and tests can tell failures apart without reading messages.
 */
public enum FailureType {
  /** The spec or the request is invalid; nothing was started. */
  INVALID_SPEC,
  /**
   * The initiator's proof of identity was refused, or the release policy does not let them start this
   * application; nothing was started.
   */
  FORBIDDEN,
  /**
   * Something the spec names does not exist in some region, or is set up so that a rollback could not
   * undo the release safely; nothing was touched.
   */
  PREFLIGHT_FAILED,
  /** The build failed, faulted, timed out or was stopped. */
  BUILD_FAILED,
  /** The test build failed. */
  TEST_FAILED,
  /** A deployment step failed in a region. */
  DEPLOY_FAILED,
  /** A CloudWatch alarm went into ALARM while a region was watched. */
  ALARM,
  /**
   * No alarm could be read for longer than the policy's {@code blindAfter}: the release cannot tell
   * whether its code is healthy.
   */
  BLIND,
  /** Canary analysis judged the new version worse than the one it replaces (FAIL). */
  ANALYSIS_FAILED,
  /**
   * Canary analysis could not judge the new version (too little traffic or data) after every extension; a
   * person decides: the release pauses whatever {@code policy.onFailure} says.
   */
  ANALYSIS_INCONCLUSIVE,
  /** A smoke-test hook failed, raised an error or did not answer in time. */
  HOOK_FAILED,
  /** Someone moved the alias while the release was changing it; the release stopped rather than overwrite. */
  ALIAS_MOVED,
  /** A region deployment was started other than by its release; it refuses to run. */
  NOT_UNDER_A_RELEASE,
  /** The release's history is close to Temporal's limit; it stopped while it can still roll back. */
  HISTORY_LIMIT,
  /** A region was already in ALARM before it was touched. */
  ALARM_BLOCKED,
  /** A resource does not exist. */
  NOT_FOUND,
  /** The credentials may not do what was asked. */
  ACCESS_DENIED,
  /** The cloud refused the request as invalid. */
  INVALID_REQUEST,
  /** An approver rejected a gate. */
  REJECTED,
  /** A gate was not decided before the approval timeout. */
  APPROVAL_TIMEOUT,
  /** An operator aborted the release. */
  ABORTED,
  /** A paused release was neither retried nor rolled back before the pause timeout. */
  PAUSE_TIMEOUT,
  /** An operator chose to roll back a paused release. */
  OPERATOR_ROLLBACK,
  /** The release was rolled back; every region is on its previous version. */
  ROLLED_BACK,
  /** The rollback did not complete; a human must look (the message says what is where). */
  ROLLBACK_FAILED,
  /** An operator closed a release whose rollback did not complete (the message says who, why and what is left). */
  ABANDONED,
  /** Another release of the application was running, and this one was not queued behind it. */
  LOCKED;

  /** A non-retryable failure of this type. */
  public ApplicationFailure failure(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, name());
  }

  /**
   * How a release ends when it does not reach {@link ReleasePhase#RELEASED}: a non-retryable failure of this
   * type whose details are the final status, so that it can be read from the history with no worker running.
   * It carries no Java stack trace: the Web UI shows it as the release's result, and an expected outcome is
   * not a fault in the code.
   */
  public ApplicationFailure outcome(String message, ReleaseStatus status) {
    ApplicationFailure failure = ApplicationFailure.newNonRetryableFailure(message, name(), status);
    failure.setStackTrace(new StackTraceElement[0]);
    return failure;
  }
}
