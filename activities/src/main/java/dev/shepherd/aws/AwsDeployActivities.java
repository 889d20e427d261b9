package dev.shepherd.aws;

import dev.shepherd.cloud.AliasMoveRequest;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.CanaryRouteRequest;
import dev.shepherd.cloud.CodeUpdate;
import dev.shepherd.cloud.CodeUpdateRequest;
import dev.shepherd.cloud.DeployActivities;
import dev.shepherd.cloud.PublishRequest;
import dev.shepherd.cloud.PublishedVersion;
import dev.shepherd.release.FailureType;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.PublishVersionResponse;
import software.amazon.awssdk.services.lambda.model.UpdateAliasResponse;
import software.amazon.awssdk.services.lambda.model.AliasRoutingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.ListVersionsByFunctionResponse;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeResponse;

/**
 * Lambda deployments: code from the build artifact, a published version, canary weights on the alias.
 * Every step checks before it acts, so a retry after a crash does no harm.
 */
public final class AwsDeployActivities implements DeployActivities {

  /** Lambda takes a zip directly up to this size; larger artifacts must be deployed from S3. */
  private static final long MAX_DIRECT_UPLOAD = 50L * 1024 * 1024;

  private final AwsClients aws;
  private final ArtifactStore artifacts;

  public AwsDeployActivities(AwsClients aws) {
    this.aws = aws;
    this.artifacts = new ArtifactStore(aws);
  }

  @Override
  public dev.shepherd.cloud.RollbackTarget captureRollbackTarget(AliasRef alias) {
    GetAliasResponse a = call("read alias " + alias.function() + ":" + alias.alias(), alias,
        () -> lambda(alias).getAlias(r -> r.functionName(alias.function()).name(alias.alias())));
    return new dev.shepherd.cloud.RollbackTarget(state(a.functionVersion(), a.routingConfig()), a.revisionId());
  }

  @Override
  public CodeUpdate updateCode(CodeUpdateRequest request) {
    AliasRef a = request.alias();
    byte[] zip = artifacts.read(request.artifactLocation(), a.region());
    if (zip.length > MAX_DIRECT_UPLOAD) {
      throw FailureType.INVALID_REQUEST.failure("artifact " + request.artifactLocation() + " is " + zip.length
          + " bytes; Lambda takes at most 50 MB directly");
    }
    UpdateFunctionCodeResponse updated = call("update the code of " + a.function(), a,
        () -> lambda(a).updateFunctionCode(r -> r.functionName(a.function()).zipFile(SdkBytes.fromByteArray(zip))));
    GetFunctionConfigurationResponse done = awaitUpdate(a, updated.lastUpdateStatus());
    return new CodeUpdate(done.codeSha256(), done.revisionId());
  }

  /** Waits until Lambda says the update is Successful; a Failed update fails non-retryably with why. */
  private GetFunctionConfigurationResponse awaitUpdate(AliasRef a, LastUpdateStatus first) {
    Duration poll = aws.settings().pollInterval();
    while (true) {
      GetFunctionConfigurationResponse c = call("read the configuration of " + a.function(), a,
          () -> lambda(a).getFunctionConfiguration(r -> r.functionName(a.function())));
      LastUpdateStatus status = c.lastUpdateStatus();
      if (status == null || status == LastUpdateStatus.SUCCESSFUL) {
        return c;
      }
      if (status == LastUpdateStatus.FAILED) {
        throw FailureType.DEPLOY_FAILED.failure("the code update of " + a.function() + " in " + a.region()
            + " failed: " + c.lastUpdateStatusReasonCodeAsString() + " " + c.lastUpdateStatusReason());
      }
      Activity.getExecutionContext().heartbeat(status.toString());
      AwsFailures.pause(poll);
    }
  }

  @Override
  public PublishedVersion publishVersion(PublishRequest request) {
    AliasRef a = request.alias();
    // A version with this code may exist already (a retry, or an earlier release of the same build).
    String existing = versionWithCode(a, request.codeSha256());
    if (existing != null) {
      return new PublishedVersion(existing);
    }
    PublishVersionResponse published = call("publish a version of " + a.function(), a,
        () -> lambda(a).publishVersion(r -> r.functionName(a.function())
            .codeSha256(request.codeSha256()).description(request.description())));
    return new PublishedVersion(published.version());
  }

  private String versionWithCode(AliasRef a, String sha) {
    String marker = null;
    do {
      String from = marker;
      ListVersionsByFunctionResponse page = call("list the versions of " + a.function(), a,
          () -> lambda(a).listVersionsByFunction(r -> r.functionName(a.function()).marker(from)));
      for (FunctionConfiguration v : page.versions()) {
        if (!"$LATEST".equals(v.version()) && sha.equals(v.codeSha256())) {
          return v.version();
        }
      }
      marker = page.nextMarker();
    } while (marker != null && !marker.isEmpty());
    return null;
  }

  @Override
  public AliasState routeCanary(CanaryRouteRequest request) {
    AliasRef a = request.alias();
    UpdateAliasResponse u = AwsFailures.call("route " + request.weight() + " of " + a.alias() + " to version "
        + request.canaryVersion(), a.region(), () -> lambda(a).updateAlias(r -> r.functionName(a.function()).name(a.alias())
            .functionVersion(request.stableVersion())
            .routingConfig(AliasRoutingConfiguration.builder()
                .additionalVersionWeights(Map.of(request.canaryVersion(), request.weight().fraction()))
                .build())));
    return state(u.functionVersion(), u.routingConfig());
  }

  @Override
  public AliasState promote(AliasMoveRequest request) {
    return move("promote " + request.alias().alias() + " to version " + request.version(), request);
  }

  @Override
  public dev.shepherd.cloud.UndoResult restoreAlias(dev.shepherd.cloud.AliasRestoreRequest request) {
    AliasState s = move("roll " + request.alias().alias() + " back to version " + request.target().version(),
        new AliasMoveRequest(request.alias(), request.target().version(), null));
    return new dev.shepherd.cloud.UndoResult(dev.shepherd.cloud.UndoOutcome.RESTORED, s.version());
  }

  private AliasState move(String action, AliasMoveRequest request) {
    AliasRef a = request.alias();
    // An empty weights map clears the routing; leaving it out would keep the canary's weights.
    UpdateAliasResponse u = AwsFailures.call(action, a.region(), () -> lambda(a).updateAlias(r -> r.functionName(a.function())
        .name(a.alias()).functionVersion(request.version())
        .routingConfig(AliasRoutingConfiguration.builder().additionalVersionWeights(Map.of()).build())));
    return state(u.functionVersion(), u.routingConfig());
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
