package dev.shepherd.cloud;

import dev.shepherd.release.story.Changes;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Deploys a Lambda function behind an alias, one region per call (but for the rollback targets of a wave, read
 * in one call). Every method is idempotent: calling it again with the same request leaves the same state and
 * returns the same result.
 */
@ActivityInterface
public interface DeployActivities {

  /** Reads where the alias points now, with its revision: the rollback target. Changes nothing. */
  @ActivityMethod
  RollbackTarget captureRollbackTarget(AliasRef alias);

  /**
   * Reads where each alias points now, with its revision, in all their regions at once: the rollback targets
   * of a wave. Changes nothing; fails as {@link #captureRollbackTarget} would for the first alias that cannot
   * be read.
   */
  @ActivityMethod
  RollbackTargets captureRollbackTargets(RollbackTargetsRequest request);

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

  /**
   * Puts the alias back on its rollback target, if it is still where the release left it (one of the
   * release's versions, as main version or canary); unchanged when it is already back; left alone and
   * reported {@link UndoOutcome#DRIFTED} when someone else moved it. The write is conditional on the
   * alias's revision, so a change racing the undo is not overwritten either.
   */
  @ActivityMethod
  UndoResult restoreAlias(AliasRestoreRequest request);
}
