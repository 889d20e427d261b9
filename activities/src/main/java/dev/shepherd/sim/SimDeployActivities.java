package dev.shepherd.sim;

import dev.shepherd.cloud.AliasMoveRequest;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.CanaryRouteRequest;
import dev.shepherd.cloud.CodeUpdate;
import dev.shepherd.cloud.CodeUpdateRequest;
import dev.shepherd.cloud.DeployActivities;
import dev.shepherd.cloud.PublishRequest;
import dev.shepherd.cloud.PublishedVersion;

/** Lambda deployments in the simulated cloud; each call is idempotent like its AWS counterpart. */
public final class SimDeployActivities implements DeployActivities {

  private final SimulatedCloud cloud;

  public SimDeployActivities(SimulatedCloud cloud) {
    this.cloud = cloud;
  }

  @Override
  public dev.shepherd.cloud.RollbackTarget captureRollbackTarget(AliasRef alias) {
    cloud.pause();
    cloud.check(Step.CAPTURE, alias.region());
    AliasState state = cloud.alias(alias.region(), alias.function(), alias.alias());
    if (state == null) {
      throw dev.shepherd.release.FailureType.NOT_FOUND.failure("alias " + alias + " does not exist");
    }
    cloud.record(Step.CAPTURE, alias.region(), "version " + state.version());
    return new dev.shepherd.cloud.RollbackTarget(state, null);
  }

  @Override
  public CodeUpdate updateCode(CodeUpdateRequest request) {
    AliasRef a = request.alias();
    cloud.pause();
    cloud.check(Step.UPDATE_CODE, a.region());
    String sha = cloud.updateCode(a.region(), a.function(), request.artifactLocation());
    cloud.record(Step.UPDATE_CODE, a.region(), request.artifactLocation());
    return new CodeUpdate(sha, cloud.revision(a.region(), a.function()));
  }

  @Override
  public PublishedVersion publishVersion(PublishRequest request) {
    AliasRef a = request.alias();
    cloud.pause();
    cloud.check(Step.PUBLISH, a.region());
    String version = cloud.publish(a.region(), a.function(), request.codeSha256());
    cloud.record(Step.PUBLISH, a.region(), "version " + version);
    return new PublishedVersion(version);
  }

  @Override
  public AliasState routeCanary(CanaryRouteRequest request) {
    AliasRef a = request.alias();
    cloud.pause();
    cloud.check(Step.ROUTE_CANARY, a.region());
    AliasState state = cloud.setAlias(a.region(), a.function(), a.alias(),
        new AliasState(request.stableVersion(), request.canaryVersion(), request.weight().percent()));
    cloud.record(Step.ROUTE_CANARY, a.region(), request.weight() + " to version " + request.canaryVersion());
    return state;
  }

  @Override
  public AliasState promote(AliasMoveRequest request) {
    return move(Step.PROMOTE, request);
  }

  @Override
  public dev.shepherd.cloud.UndoResult restoreAlias(dev.shepherd.cloud.AliasRestoreRequest request) {
    AliasState s = move(Step.ROLLBACK, new AliasMoveRequest(request.alias(), request.target().version(), null));
    return new dev.shepherd.cloud.UndoResult(dev.shepherd.cloud.UndoOutcome.RESTORED, s.version());
  }

  private AliasState move(Step step, AliasMoveRequest request) {
    AliasRef a = request.alias();
    cloud.pause();
    cloud.check(step, a.region());
    AliasState state = cloud.setAlias(a.region(), a.function(), a.alias(), AliasState.of(request.version()));
    cloud.record(step, a.region(), "version " + request.version());
    return state;
  }
}
