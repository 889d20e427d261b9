package dev.shepherd.release;

import dev.shepherd.cloud.BuildActivities;
import dev.shepherd.cloud.DeployActivities;
import dev.shepherd.cloud.FlagActivities;
import dev.shepherd.cloud.HealthActivities;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Activity stubs with the timeouts and retries each kind of step needs, each with a summary for the Web
 * UI. Permanent failures are thrown non-retryable by the activities; everything else (throttling, 5xx,
 * a lost worker) is retried with backoff.
 */
final class StepOptions {

  /** Transient trouble is retried with backoff for a few minutes before a step counts as failed. */
  private static final RetryOptions STEP_RETRY = RetryOptions.newBuilder()
      .setInitialInterval(Duration.ofSeconds(1))
      .setBackoffCoefficient(2.0)
      .setMaximumInterval(Duration.ofSeconds(30))
      .setMaximumAttempts(8)
      .build();

  private StepOptions() {}

  /** A build or test: one long activity that heartbeats and resumes its build when retried. */
  static BuildActivities build(Duration timeout, String summary) {
    return Workflow.newActivityStub(BuildActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(timeout.plusMinutes(5))
        .setHeartbeatTimeout(Duration.ofSeconds(60))
        .setRetryOptions(RetryOptions.newBuilder(STEP_RETRY).setMaximumAttempts(4).build())
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setSummary(summary)
        .build());
  }

  /**
   * A deployment step. Steps are short and run to completion even when their deployment is cancelled
   * (see {@link RegionDeploymentWorkflowImpl}), so that nothing changes a region after its rollback has
   * started.
   */
  static DeployActivities deploy(String summary) {
    return Workflow.newActivityStub(DeployActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(10))
        .setRetryOptions(STEP_RETRY)
        .setSummary(summary)
        .build());
  }

  /** A compensating step: retried harder, since giving up leaves a human a mess. */
  static DeployActivities rollback(String summary) {
    return Workflow.newActivityStub(DeployActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(10))
        .setRetryOptions(RetryOptions.newBuilder(STEP_RETRY).setMaximumAttempts(12).build())
        .setSummary(summary)
        .build());
  }

  /** A flag step; the release runs it to completion even when aborted (a flag write is never cut off). */
  static FlagActivities flag(String summary) {
    return Workflow.newActivityStub(FlagActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(15))
        .setRetryOptions(STEP_RETRY)
        .setSummary(summary)
        .build());
  }

  static FlagActivities flagRestore(String summary) {
    return Workflow.newActivityStub(FlagActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(15))
        .setRetryOptions(RetryOptions.newBuilder(STEP_RETRY).setMaximumAttempts(12).build())
        .setSummary(summary)
        .build());
  }

  /** A short read of the environment. */
  static HealthActivities check(String summary) {
    return Workflow.newActivityStub(HealthActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(5))
        .setRetryOptions(STEP_RETRY)
        .setSummary(summary)
        .build());
  }

  /** An alarm watch lasting {@code duration}; a lost worker is noticed by the missing heartbeat. */
  static HealthActivities watch(Duration duration, Duration poll, String summary) {
    return Workflow.newActivityStub(HealthActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(duration.plusMinutes(5))
        .setHeartbeatTimeout(max(Duration.ofSeconds(5), poll.multipliedBy(3)))
        // An alarm ends the watch early: the other watchers are cancelled, without waiting for them.
        .setRetryOptions(STEP_RETRY)
        .setCancellationType(ActivityCancellationType.TRY_CANCEL)
        .setSummary(summary)
        .build());
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
