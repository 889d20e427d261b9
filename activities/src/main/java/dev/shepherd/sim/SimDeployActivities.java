package dev.shepherd.sim;

import dev.shepherd.cloud.AliasMoveRequest;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.AliasRestoreRequest;
import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.CanaryRouteRequest;
import dev.shepherd.cloud.CodeUpdate;
import dev.shepherd.release.FailureType;
import dev.shepherd.cloud.CodeUpdateRequest;
import dev.shepherd.cloud.DeployActivities;
import dev.shepherd.cloud.PublishRequest;
import dev.shepherd.cloud.PublishedVersion;
import dev.shepherd.cloud.RollbackTarget;
import dev.shepherd.cloud.RollbackTargets;
import dev.shepherd.cloud.RollbackTargetsRequest;
import dev.shepherd.cloud.UndoOutcome;
import dev.shepherd.cloud.UndoResult;
import dev.shepherd.provider.AliasStates;
import dev.shepherd.provider.AliasUndo;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambda deployments in the simulated cloud; each call is idempotent like its AWS counterpart, and alias
 * changes are conditional the same way: read the alias, decide, write with the revision read.
 */
public record SimDeployActivities(SimulatedCloud cloud) implements DeployActivities {

  @Override
  public RollbackTarget captureRollbackTarget(AliasRef alias) {
    cloud.pause();
    return read(alias);
  }

  @Override
  public RollbackTargets captureRollbackTargets(RollbackTargetsRequest request) {
    // The reads go out together, as the AWS provider's do: one round of latency for the wave.
    cloud.pause();
    List<RollbackTarget> targets = new ArrayList<>();
    for (AliasRef alias : request.aliases()) {
      targets.add(read(alias));
    }
    return new RollbackTargets(targets);
  }

  private RollbackTarget read(AliasRef alias) {
    cloud.check(CloudCall.CAPTURE, alias.region());
    RollbackTarget target = cloud.lambda().readAlias(alias.region(), alias.function(), alias.alias());
    cloud.record(CloudCall.CAPTURE, alias.region(), AliasStates.describe(target.state()) + " (" + target.revisionId() + ")");
    return target;
  }

  @Override
  public CodeUpdate updateCode(CodeUpdateRequest request) {
    AliasRef a = request.alias();
    cloud.pause();
    cloud.check(CloudCall.UPDATE_CODE, a.region());
    if (request.artifactSha256() != null && !request.artifactSha256().equals(SimLambda.sha(request.artifactLocation()))) {
      throw FailureType.DEPLOY_FAILED.failure("artifact " + request.artifactLocation() + " is not what the build produced:"
          + " the build recorded sha256 " + request.artifactSha256() + ", the bytes read now have sha256 "
          + SimLambda.sha(request.artifactLocation()) + ". Nothing was deployed.");
    }
    String sha = cloud.lambda().updateCode(a.region(), a.function(), request.artifactLocation());
    cloud.record(CloudCall.UPDATE_CODE, a.region(), request.artifactLocation());
    return new CodeUpdate(sha, cloud.lambda().revision(a.region(), a.function()));
  }

  @Override
  public PublishedVersion publishVersion(PublishRequest request) {
    AliasRef a = request.alias();
    cloud.pause();
    cloud.check(CloudCall.PUBLISH, a.region());
    String version = cloud.lambda().publish(a.region(), a.function(), request.codeSha256(), request.description(),
        request.releaseId());
    cloud.record(CloudCall.PUBLISH, a.region(), "version " + version);
    return new PublishedVersion(version);
  }

  @Override
  public AliasState routeCanary(CanaryRouteRequest request) {
    AliasState desired = new AliasState(request.stableVersion(), request.canaryVersion(), request.weight().percent());
    return move(CloudCall.ROUTE_CANARY, request.alias(), desired, request.expected(),
        "route " + request.weight() + " to version " + request.canaryVersion());
  }

  @Override
  public AliasState promote(AliasMoveRequest request) {
    return move(CloudCall.PROMOTE, request.alias(), AliasState.of(request.version()), request.expected(),
        "promote version " + request.version());
  }

  @Override
  public UndoResult restoreAlias(AliasRestoreRequest request) {
    AliasRef a = request.alias();
    cloud.pause();
    cloud.check(CloudCall.ROLLBACK, a.region());
    RollbackTarget read = cloud.lambda().readAlias(a.region(), a.function(), a.alias());
    AliasState target = request.target().state();
    UndoOutcome outcome = AliasUndo.decide(read.state(), target,
        AliasUndo.releaseVersions(request, v -> cloud.lambda().versionDescription(a.region(), a.function(), v)));
    String found = AliasStates.describe(read.state());
    if (outcome != UndoOutcome.RESTORED) {
      cloud.record(CloudCall.ROLLBACK_SKIPPED, a.region(), outcome.name().toLowerCase() + ": " + found);
      return new UndoResult(outcome, found);
    }
    cloud.lambda().writeAlias(a.region(), a.function(), a.alias(), normalized(target), read.revisionId());
    cloud.record(CloudCall.ROLLBACK, a.region(), AliasStates.describe(target) + " (was " + found + ")");
    return new UndoResult(UndoOutcome.RESTORED, found);
  }

  /**
   * Sets the alias to {@code desired} if it is where {@code expected} says (no check when null); an alias
   * already there (a retry) is left as it is.
   */
  private AliasState move(CloudCall call, AliasRef a, AliasState desired, AliasState expected, String action) {
    cloud.pause();
    cloud.check(call, a.region());
    RollbackTarget read = cloud.lambda().readAlias(a.region(), a.function(), a.alias());
    if (AliasStates.same(read.state(), desired)) {
      return read.state();
    }
    if (expected != null && !AliasStates.same(read.state(), expected)) {
      cloud.record(CloudCall.REFUSED, a.region(), call + ": alias moved to " + AliasStates.describe(read.state()));
      throw AliasStates.moved(a, action, expected, read.state());
    }
    AliasState state = cloud.lambda().writeAlias(a.region(), a.function(), a.alias(), normalized(desired), read.revisionId());
    cloud.record(call, a.region(), AliasStates.describe(state));
    return state;
  }

  /** No routing is written as no canary at all, as Lambda reports it. */
  private static AliasState normalized(AliasState s) {
    return s.canaryVersion() == null || s.canaryPercent() <= 0 ? AliasState.of(s.version()) : s;
  }
}
