package dev.shepherd.cloud;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** What the environment looks like: resources present, alarms quiet. */
@ActivityInterface
public interface HealthActivities {

  /**
   * Checks that every project, function, alias, alarm, smoke-test hook function (with its qualifier) and flag
   * target the spec names exists in every region it is needed in, and that nothing is set up so that a rollback
   * could not undo the release: an alias serving {@code $LATEST}, a function ARN of another region or account, a
   * flag kept as a secret. A hook function ARN of another region or account is refused too: hooks run in every
   * region, with the worker's credentials.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable {@code PREFLIGHT_FAILED} listing
   *     everything missing or refused, each with its region
   */
  @ActivityMethod
  PreflightResult preflight(PreflightRequest request);

  /** The alarms of a region that are in ALARM now. */
  @ActivityMethod
  AlarmCheck checkAlarms(AlarmCheckRequest request);

  /**
   * Polls the alarms of the given regions until the deadline, heartbeating.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable {@code ALARM} naming the alarm, its
   *     region and its reason, as soon as one is in ALARM
   */
  @ActivityMethod
  AlarmWatchResult watchAlarms(AlarmWatchRequest request);
}
