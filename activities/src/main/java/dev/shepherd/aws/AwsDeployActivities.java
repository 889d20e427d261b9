package dev.shepherd.aws;

import dev.shepherd.cloud.AliasMoveRequest;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.AliasRestoreRequest;
import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.CanaryRouteRequest;
import dev.shepherd.cloud.CodeUpdate;
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
import dev.shepherd.provider.HeartbeatingPoll.Beat;
import dev.shepherd.release.FailureType;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasRoutingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.PublishVersionResponse;
import software.amazon.awssdk.services.lambda.model.UpdateAliasResponse;

/**
 * Lambda deployments: code from the build artifact, a published version, canary weights on the alias.
 * Every step checks before it acts, so a retry after a crash does no harm. Alias changes read the alias
 * first and write only if it is where the release expects it, with the revision read (Lambda refuses the
 * write if the alias changed in between), so a change someone else made is never overwritten.
 */
public final class AwsDeployActivities implements DeployActivities {

  private final AwsClients aws;
  private final ArtifactStore artifacts;

  public AwsDeployActivities(AwsClients aws) {
    this.aws = aws;
    this.artifacts = new ArtifactStore(aws);
  }

  @Override
  public RollbackTarget captureRollbackTarget(AliasRef alias) {
    return read(alias);
  }

  @Override
  public RollbackTargets captureRollbackTargets(RollbackTargetsRequest request) {
    // One call per region, all at once: the wave's reads take as long as the slowest one.
    try (ExecutorService reads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<RollbackTarget>> pending = new ArrayList<>();
      for (AliasRef alias : request.aliases()) {
        pending.add(reads.submit(() -> read(alias)));
      }
      List<RollbackTarget> targets = new ArrayList<>();
      for (Future<RollbackTarget> read : pending) {
        targets.add(resultOf(read));
      }
      return new RollbackTargets(targets);
    }
  }

  /** A read's result, or its failure as the read threw it (the first, in the request's order). */
  private static RollbackTarget resultOf(Future<RollbackTarget> read) {
    try {
      return read.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while reading the aliases", "Interrupted");
    }
  }

  @Override
  public CodeUpdate updateCode(CodeUpdateRequest request) {
    AliasRef a = request.alias();
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    String pinned = request.artifactSha256();
    ArtifactStore.Artifact artifact = artifacts.read(request.artifactLocation(), a.region(),
        ArtifactStore.MAX_DIRECT_UPLOAD,
        bytes -> ctx.heartbeat("downloaded " + bytes + " bytes of " + request.artifactLocation()));
    if (pinned != null && !pinned.equalsIgnoreCase(artifact.sha256())) {
      throw FailureType.DEPLOY_FAILED.failure("artifact " + request.artifactLocation() + " is not what the build"
          + " produced: the build recorded sha256 " + pinned + ", the bytes read now have sha256 "
          + artifact.sha256() + ". Nothing was deployed to " + a.function() + " in " + a.region() + ".");
    }
    call("update the code of " + a.function(), a,
        () -> lambda(a).updateFunctionCode(r -> r.functionName(a.function())
            .zipFile(SdkBytes.fromByteArray(artifact.bytes()))));
    GetFunctionConfigurationResponse done = awaitUpdate(a);
    String deployed = ArtifactStore.hexOfLambdaSha(done.codeSha256());
    String expected = pinned != null ? pinned : artifact.sha256();
    if (!expected.equalsIgnoreCase(deployed)) {
      // Someone else's code update won the race, or Lambda holds other bytes than were sent.
      throw FailureType.DEPLOY_FAILED.failure(a.function() + " in " + a.region() + " runs code with sha256 "
          + deployed + " (CodeSha256 " + done.codeSha256() + ") after the update, but the release deploys sha256 "
          + expected + "; no version was published.");
    }
    return new CodeUpdate(done.codeSha256(), done.revisionId());
  }

  /**
   * Waits until Lambda says the update is Successful, heartbeating every poll; a Failed update fails
   * non-retryably with why.
   */
  private GetFunctionConfigurationResponse awaitUpdate(AliasRef a) {
    return AwsFailures.polling(aws.settings().pollInterval())
        .withHeartbeat(Beat.BEFORE_EACH_POLL, () -> "waiting for the code update of " + a.function())
        .until(() -> updated(a));
  }

  /** The configuration once the update is Successful, empty while it is in progress. */
  private Optional<GetFunctionConfigurationResponse> updated(AliasRef a) {
    GetFunctionConfigurationResponse c = call("read the configuration of " + a.function(), a,
        () -> lambda(a).getFunctionConfiguration(r -> r.functionName(a.function())));
    LastUpdateStatus status = c.lastUpdateStatus();
    if (status == null || status == LastUpdateStatus.SUCCESSFUL) {
      return Optional.of(c);
    }
    if (status == LastUpdateStatus.FAILED) {
      throw FailureType.DEPLOY_FAILED.failure("the code update of " + a.function() + " in " + a.region()
          + " failed: " + c.lastUpdateStatusReasonCodeAsString() + " " + c.lastUpdateStatusReason());
    }
    return Optional.empty();
  }

  /**
   * Publishes the version of this release's update. An older version with the same code is never
   * reused: its configuration (environment, memory, layers, role) may be stale. A retry finds the
   * version it published before by its description, which names the release.
   */
  @Override
  public PublishedVersion publishVersion(PublishRequest request) {
    AliasRef a = request.alias();
    if (request.releaseId() != null) {
      String mine = versionOfRelease(a, request.releaseId(), request.codeSha256());
      if (mine != null) {
        return new PublishedVersion(mine);
      }
    }
    try {
      PublishVersionResponse published = lambda(a).publishVersion(r -> r.functionName(a.function())
          .codeSha256(request.codeSha256()).revisionId(request.revisionId()).description(request.description()));
      return new PublishedVersion(published.version());
    } catch (PreconditionFailedException e) {
      // Retrying cannot help: the revision this release updated is gone for good.
      throw FailureType.DEPLOY_FAILED.failure(a.function() + " in " + a.region() + " changed after this release"
          + " updated its code (revision " + request.revisionId() + " is no longer current), so a version"
          + " published now could hold someone else's code or configuration; nothing was published.");
    } catch (SdkException e) {
      throw AwsFailures.translate(e, "publish a version of " + a.function(), a.region());
    }
  }

  /** A version this release published with this code, found by the release id in its description. */
  private String versionOfRelease(AliasRef a, String releaseId, String sha) {
    // The stream asks for the next page only while no version has matched.
    return call("list the versions of " + a.function(), a,
        () -> lambda(a).listVersionsByFunctionPaginator(r -> r.functionName(a.function())).versions().stream()
            .filter(v -> !"$LATEST".equals(v.version()) && (sha == null || sha.equals(v.codeSha256()))
                && AliasUndo.namesRelease(v.description(), releaseId))
            .map(FunctionConfiguration::version)
            .findFirst().orElse(null));
  }

  @Override
  public AliasState routeCanary(CanaryRouteRequest request) {
    AliasState desired = new AliasState(request.stableVersion(), request.canaryVersion(), request.weight().percent());
    return move(request.alias(), desired, request.expected(),
        "route " + request.weight() + " to version " + request.canaryVersion());
  }

  @Override
  public AliasState promote(AliasMoveRequest request) {
    return move(request.alias(), AliasState.of(request.version()), request.expected(),
        "promote version " + request.version());
  }

  @Override
  public UndoResult restoreAlias(AliasRestoreRequest request) {
    AliasRef a = request.alias();
    RollbackTarget read = read(a);
    AliasState target = request.target().state();
    UndoOutcome outcome = AliasUndo.decide(read.state(), target, AliasUndo.releaseVersions(request,
        version -> call("read the description of version " + version + " of " + a.function(), a,
            () -> lambda(a).getFunctionConfiguration(r -> r.functionName(a.function()).qualifier(version)))
            .description()));
    if (outcome == UndoOutcome.RESTORED) {
      write(a, target, read.revisionId(), "roll " + a.alias() + " back to " + AliasStates.describe(target));
    }
    return new UndoResult(outcome, AliasStates.describe(read.state()));
  }

  /**
   * Sets the alias to {@code desired} if it is where {@code expected} says (no check when null); an alias
   * already there (a retry) is left as it is.
   *
   * @throws ApplicationFailure non-retryable {@code ALIAS_MOVED} when someone else moved it
   */
  private AliasState move(AliasRef a, AliasState desired, AliasState expected, String action) {
    RollbackTarget read = read(a);
    if (AliasStates.same(read.state(), desired)) {
      return read.state();
    }
    if (expected != null && !AliasStates.same(read.state(), expected)) {
      throw AliasStates.moved(a, action, expected, read.state());
    }
    return write(a, desired, read.revisionId(), action);
  }

  /** Where the alias points, with its revision. */
  private RollbackTarget read(AliasRef a) {
    GetAliasResponse r = call("read alias " + a.function() + ":" + a.alias(), a,
        () -> lambda(a).getAlias(g -> g.functionName(a.function()).name(a.alias())));
    return new RollbackTarget(state(r.functionVersion(), r.routingConfig()), r.revisionId());
  }

  /**
   * Writes the alias, conditional on the revision read: if it changed in between, Lambda refuses, and the
   * step fails retryably so that its next attempt reads the alias again and decides again.
   */
  private AliasState write(AliasRef a, AliasState state, String revisionId, String action) {
    // An empty weights map clears the routing; leaving it out would keep the canary's weights.
    Map<String, Double> weights = state.canaryVersion() == null || state.canaryPercent() <= 0 ? Map.of()
        : Map.of(state.canaryVersion(), state.canaryPercent() / 100.0);
    try {
      UpdateAliasResponse u = lambda(a).updateAlias(r -> r.functionName(a.function()).name(a.alias())
          .functionVersion(state.version())
          .routingConfig(AliasRoutingConfiguration.builder().additionalVersionWeights(weights).build())
          .revisionId(revisionId));
      return state(u.functionVersion(), u.routingConfig());
    } catch (PreconditionFailedException e) {
      throw ApplicationFailure.newFailure(a + " changed while the release was about to " + action
          + " (revision " + revisionId + " is no longer current); reading it again", AwsFailures.TRANSIENT);
    } catch (SdkException e) {
      throw AwsFailures.translate(e, action + " of " + a.function(), a.region());
    }
  }

  private static <T> T call(String action, AliasRef a, Supplier<T> call) {
    return AwsFailures.call(action, a.region(), call);
  }

  private LambdaClient lambda(AliasRef a) {
    return aws.lambda(a.region());
  }

  private static AliasState state(String version, AliasRoutingConfiguration routing) {
    if (routing == null || !routing.hasAdditionalVersionWeights() || routing.additionalVersionWeights().isEmpty()) {
      return AliasState.of(version);
    }
    var canary = routing.additionalVersionWeights().entrySet().iterator().next();
    return new AliasState(version, canary.getKey(), (int) Math.round(canary.getValue() * 100));
  }
}
