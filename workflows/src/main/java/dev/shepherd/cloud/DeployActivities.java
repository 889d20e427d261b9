package dev.shepherd.cloud;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Deploys a Lambda function behind an alias, one region per call. Every method is idempotent: calling it
 * again with the same request leaves the same state and returns the same result.
 */
@ActivityInterface
public interface DeployActivities {

  /** Reads the alias's current version: the rollback target. Changes nothing. */
  @ActivityMethod
  AliasState captureRollbackTarget(AliasRef alias);

  /** Updates the function's code from the artifact and waits until the update is successful. */
  @ActivityMethod
  CodeUpdate updateCode(CodeUpdateRequest request);

  /** Publishes a version of the updated code; unchanged code returns the version already published. */
  @ActivityMethod
  PublishedVersion publishVersion(PublishRequest request);

  /** Keeps the alias on the stable version and routes the canary weight to the new version. */
  @ActivityMethod
  AliasState routeCanary(CanaryRouteRequest request);

  /** Points the alias at the version with all traffic, clearing any routing. */
  @ActivityMethod
  AliasState promote(AliasMoveRequest request);

  /** Points the alias back at the captured version with all traffic, clearing any routing. */
  @ActivityMethod
  AliasState rollback(AliasMoveRequest request);
}
