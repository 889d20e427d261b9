package dev.shepherd.release.story;

import dev.shepherd.release.lock.LockActivities;
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
 * Activity stubs with the timeouts and retries each kind of activity needs, each with a summary for the
 * Web UI. Permanent failures are thrown non-retryable by the activities; everything else (throttling,
 * 5xx, a lost worker) is retried with backoff.
 *
 * <p>A worker that dies costs seconds, not minutes: a single API call has a short start-to-close timeout
 * ({@link #CALL}), and anything that waits heartbeats within {@link #HEARTBEAT}, so the server notices a
 * lost worker and another one carries on within about half a minute.
 */
public final class ActivityStubs {

  /** The longest one attempt of a single AWS call (or a few) may take; the SDK gives up on a call before. */
  static final Duration CALL = Duration.ofSeconds(25);
  /** How long a waiting activity may go silent before its worker counts as lost. */
  static final Duration HEARTBEAT = Duration.ofSeconds(20);
  /** A watch that runs until the release ends; bounded by the spec's limits on every wait. */
  static final Duration UNTIL_CANCELLED = Duration.ofDays(400);

  /** Forward activities retry transient trouble for a couple of minutes, then count as failed. */
  private static final RetryOptions FORWARD_RETRY = RetryOptions.newBuilder()
      .setInitialInterval(Duration.ofSeconds(1))
      .setBackoffCoefficient(2.0)
      .setMaximumInterval(Duration.ofSeconds(30))
      .setMaximumAttempts(8)
      .build();

  /**
   * Undos and watches never give up on transient trouble (no attempt limit); the backoff is capped at two
   * minutes so a fixed cause is noticed soon. Permanent failures are non-retryable and end them.
   */
  private static final RetryOptions FOREVER = RetryOptions.newBuilder()
      .setInitialInterval(Duration.ofSeconds(1))
      .setBackoffCoefficient(2.0)
      .setMaximumInterval(Duration.ofMinutes(2))
      .setMaximumAttempts(0)
      .build();

  private ActivityStubs() {}

  /**
   * A build or test: one long activity that heartbeats and resumes its build when retried. A retry costs
   * nothing (it finds its build again), so attempts are not counted: a worker killed again and again while
   * it waits for the build costs a heartbeat timeout each time, not the release. Trouble that lasts is bounded
   * by time instead: the build's own timeout plus {@link #BUILD_GRACE}. A failed build is permanent and
   * ends it at once.
   */
  static BuildActivities build(Duration timeout, String summary) {
    return Workflow.newActivityStub(BuildActivities.class, options(timeout.plusMinutes(5), HEARTBEAT,
        RetryOptions.newBuilder(FORWARD_RETRY).setMaximumAttempts(0).build(), summary)
        .setScheduleToCloseTimeout(timeout.plus(BUILD_GRACE))
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .build());
  }

  /** How long a build's retries may add to its timeout before the build counts as failed. */
  static final Duration BUILD_GRACE = Duration.ofMinutes(15);

  /**
   * A deployment call (capture, publish, route, promote). Run to completion even when the deployment is
   * cancelled (see {@link WholeChange}), so that nothing changes a region after its rollback has started.
   */
  public static DeployActivities deploy(String summary) {
    return Workflow.newActivityStub(DeployActivities.class, options(CALL, null, FORWARD_RETRY, summary).build());
  }

  /** The code update: downloads the artifact and waits until Lambda says Successful, heartbeating. */
  public static DeployActivities updateCode(String summary) {
    return Workflow.newActivityStub(DeployActivities.class,
        options(Duration.ofMinutes(15), HEARTBEAT, FORWARD_RETRY, summary).build());
  }

  /** An alias undo: conditional, idempotent, retried without limit. */
  public static DeployActivities undoAlias(String summary) {
    return Workflow.newActivityStub(DeployActivities.class, options(CALL, null, FOREVER, summary).build());
  }

  /** A flag read or write; a write runs to completion even when the release is aborted. */
  static FlagActivities flag(String summary) {
    return Workflow.newActivityStub(FlagActivities.class,
        options(Duration.ofMinutes(10), HEARTBEAT, FORWARD_RETRY, summary).build());
  }

  /** The flag undo: conditional, idempotent, retried without limit. */
  public static FlagActivities undoFlag(String summary) {
    return Workflow.newActivityStub(FlagActivities.class,
        options(Duration.ofMinutes(10), HEARTBEAT, FOREVER, summary).build());
  }

  /** A short read of the environment (alarm check). */
  public static HealthActivities check(String summary) {
    return Workflow.newActivityStub(HealthActivities.class, options(CALL, null, FORWARD_RETRY, summary).build());
  }

  /** Pre-flight: many reads across regions, heartbeating between them. */
  static HealthActivities preflight(String summary) {
    return Workflow.newActivityStub(HealthActivities.class,
        options(Duration.ofMinutes(10), HEARTBEAT, FORWARD_RETRY, summary).build());
  }

  /**
   * An alarm watch until a deadline ({@code duration}) or until cancelled ({@code null}). Failed reads
   * never end it (the activity counts them towards {@code blindAfter}); a lost worker is noticed by the
   * missing heartbeat and the watch resumes on another, without any attempt limit.
   */
  static HealthActivities watch(Duration duration, String summary) {
    return Workflow.newActivityStub(HealthActivities.class,
        options(duration == null ? UNTIL_CANCELLED : duration.plusMinutes(5), HEARTBEAT, FOREVER, summary)
            // An alarm ends the watch early: the other watchers are cancelled, without waiting for them.
            .setCancellationType(ActivityCancellationType.TRY_CANCEL)
            .build());
  }

  /** Canary analysis's figures: a few metric reads per version, retried as any forward call. */
  static dev.shepherd.cloud.AnalysisActivities analysis(String summary) {
    return Workflow.newActivityStub(dev.shepherd.cloud.AnalysisActivities.class,
        options(Duration.ofMinutes(2), null, FORWARD_RETRY, summary).build());
  }

  /**
   * A smoke-test hook: one invoke that may take the hook's whole timeout, heartbeating while it waits (a lost
   * worker is noticed in seconds). The activity returns a failed hook as its answer; only an invoke that never
   * reached Lambda is retried, a few times, and an attempt that finds its invoke was sent before answers failed
   * rather than invoke the hook twice.
   */
  public static dev.shepherd.cloud.HookActivities hook(Duration timeout, String summary) {
    return Workflow.newActivityStub(dev.shepherd.cloud.HookActivities.class,
        options(timeout.plusMinutes(1), HEARTBEAT, RetryOptions.newBuilder(FORWARD_RETRY).setMaximumAttempts(4).build(),
            summary).build());
  }

  /**
   * A notification: short attempts, retried for a few minutes when it clearly did not get through (the
   * activity does not repeat a send whose outcome is unknown). Nobody waits for it.
   */
  static dev.shepherd.cloud.NotificationActivities notify(String summary, boolean urgent) {
    // An urgent one (ROLLBACK_FAILED) is retried for a day, every five minutes at most: a person must hear of it.
    return Workflow.newActivityStub(dev.shepherd.cloud.NotificationActivities.class,
        options(Duration.ofMinutes(1), null, urgent ? URGENT_RETRY : FORWARD_RETRY, summary)
            .setScheduleToCloseTimeout(urgent ? Duration.ofDays(1) : Duration.ofMinutes(10))
            .build());
  }

  private static final RetryOptions URGENT_RETRY = RetryOptions.newBuilder()
      .setInitialInterval(Duration.ofSeconds(1))
      .setBackoffCoefficient(2.0)
      .setMaximumInterval(Duration.ofMinutes(5))
      .setMaximumAttempts(0)
      .build();

  /** A quick look at who holds an application's lock. */
  public static LockActivities lockHolder(String summary) {
    return Workflow.newActivityStub(LockActivities.class, options(CALL, null, FORWARD_RETRY, summary).build());
  }

  /**
   * Waiting for an application's lock to be free, for as long as it takes (the holder may bake for days);
   * a lost worker is noticed by the missing heartbeat and the wait resumes on another.
   */
  public static LockActivities lockWait(String summary) {
    return Workflow.newActivityStub(LockActivities.class, options(UNTIL_CANCELLED, HEARTBEAT, FOREVER, summary)
        .setCancellationType(ActivityCancellationType.TRY_CANCEL)
        .build());
  }

  /** Options every stub shares: its timeouts, its retries and its summary for the Web UI. */
  private static ActivityOptions.Builder options(Duration startToClose, Duration heartbeat, RetryOptions retry,
      String summary) {
    ActivityOptions.Builder b = ActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose)
        .setRetryOptions(retry)
        .setSummary(summary);
    return heartbeat == null ? b : b.setHeartbeatTimeout(heartbeat);
  }
}
