package dev.shepherd.cloud;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Smoke-test hooks ({@code hooks.beforeTraffic} and {@code hooks.afterTraffic}): a Lambda function, invoked
 * with the release, the region and the new version, answers whether the region may go on.
 */
@ActivityInterface
public interface HookActivities {

  /**
   * Invokes the hook once and returns its answer. A hook that answers that it failed, raises a function error,
   * or does not answer within {@link HookRequest#timeout()} is a failed hook: the result says so and why (it
   * is not thrown), so that the release records the answer. The hook is invoked again only when the invoke
   * itself did not reach Lambda (throttled, a network error), as the hook may not be idempotent.
   *
   * <p>For the caller: the activity's start-to-close timeout must outlast {@link HookRequest#timeout()} (the AWS
   * provider gives the invoke that long plus 2 seconds, then answers "did not answer within ..."). It heartbeats
   * every few seconds while the hook runs, so a heartbeat timeout may be set; a retry of an attempt that was lost
   * while its invoke was out (its worker stopped) does not invoke the hook again, but answers failed.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable ({@code NOT_FOUND}, {@code ACCESS_DENIED},
   *     {@code INVALID_REQUEST}) when the hook cannot be invoked at all
   */
  @ActivityMethod
  HookResult runHook(HookRequest request);
}
