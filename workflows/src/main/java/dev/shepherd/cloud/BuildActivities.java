package dev.shepherd.cloud;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Builds and tests a release (CodeBuild in AWS). */
@ActivityInterface
public interface BuildActivities {

  /**
   * Starts the project's build for the release's source version and waits for it, heartbeating. A
   * retry after a crash finds the build it already started (from heartbeat details) instead of starting
   * a second one.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable {@code BUILD_FAILED} or {@code
   *     TEST_FAILED} with the build id and a console link when the build does not succeed
   */
  @ActivityMethod
  BuildResult runBuild(BuildRequest request);
}
