package dev.shepherd.cloud;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Tells people what happens to a release, on the channels its spec names ({@code notifications}): an SNS
 * topic and a Slack-compatible incoming webhook. The release never waits for a notification to be delivered
 * and never fails because one was not.
 */
@ActivityInterface
public interface NotificationActivities {

  /**
   * Sends the notification to each channel. A notification is sent at most once per channel, even when the
   * activity is retried: a channel that accepted it is not sent it again, and a send whose outcome is unknown
   * (the request went out, no answer came) is not repeated. A channel the worker cannot use (an unknown
   * webhook name, a refused topic) is reported in the result, not thrown.
   *
   * @return per channel, what happened
   * @throws io.temporal.failure.ApplicationFailure retryable, of type {@code NOTIFICATION_NOT_DELIVERED}, when a
   *     channel provably did not get it (connection refused, host not found, HTTP 429 or 503, SNS throttling); the
   *     retry sends it to that channel only
   */
  @ActivityMethod
  NotificationResult send(Notification notification);
}
