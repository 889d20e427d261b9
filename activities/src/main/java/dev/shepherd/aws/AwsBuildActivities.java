package dev.shepherd.aws;

import dev.shepherd.cloud.BuildActivities;
import dev.shepherd.cloud.BuildKind;
import dev.shepherd.cloud.BuildRequest;
import dev.shepherd.cloud.BuildResult;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.Region;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariable;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariableType;
import software.amazon.awssdk.services.codebuild.model.StatusType;

/**
 * CodeBuild builds and tests: one activity starts the build and waits for it, heartbeating the build id.
 * A retry after a worker crash reads the id from the last heartbeat and waits for the same build; the
 * start itself carries an idempotency token, so even a crash before the first heartbeat starts no
 * second build.
 */
public final class AwsBuildActivities implements BuildActivities {

  private final AwsClients aws;

  public AwsBuildActivities(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public BuildResult runBuild(BuildRequest request) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    Region region = request.region();
    CodeBuildClient codeBuild = aws.codeBuild(region);
    Optional<String> resumed = ctx.getHeartbeatDetails(String.class);
    String buildId = resumed.orElseGet(() -> start(codeBuild, request));
    ctx.heartbeat(buildId);
    Duration poll = aws.settings().pollInterval();
    while (true) {
      Build build = find(codeBuild, buildId, region);
      StatusType status = build.buildStatus();
      if (status == StatusType.SUCCEEDED) {
        String console = consoleUrl(region, request.project(), buildId);
        if (request.kind() != BuildKind.BUILD) {
          return new BuildResult(buildId, request.artifactLocation(), console);
        }
        // Pinned now, so that every region deploys these bytes even if the key is overwritten later.
        String artifact = artifactOf(codeBuild, build, region);
        ArtifactStore.Pinned pinned;
        try {
          pinned = new ArtifactStore(aws).pin(artifact, buildId, region, ArtifactStore.MAX_DIRECT_UPLOAD,
              bytes -> ctx.heartbeat(buildId));
        } catch (io.temporal.failure.ApplicationFailure e) {
          if (!FailureType.NOT_FOUND.name().equals(e.getType())) {
            throw e;
          }
          throw FailureType.BUILD_FAILED.failure("build " + buildId + " succeeded but its artifact " + artifact
              + " is not in S3 (" + e.getOriginalMessage() + "); see " + console);
        }
        return new BuildResult(buildId, pinned.location(), console, pinned.sha256());
      }
      if (status != null && status != StatusType.IN_PROGRESS) {
        FailureType type = request.kind() == BuildKind.BUILD ? FailureType.BUILD_FAILED : FailureType.TEST_FAILED;
        throw type.failure((request.kind() == BuildKind.BUILD ? "build " : "test build ") + buildId + " of "
            + request.project() + " ended " + status + " in phase " + build.currentPhase() + "; see "
            + consoleUrl(region, request.project(), buildId));
      }
      try {
        ctx.heartbeat(buildId);
      } catch (ActivityCanceledException e) {
        stop(codeBuild, buildId, region);
        throw e;
      }
      AwsFailures.pause(poll);
    }
  }

  private String start(CodeBuildClient codeBuild, BuildRequest request) {
    List<EnvironmentVariable> env = new ArrayList<>();
    env.add(variable("SHEPHERD_RELEASE_ID", request.releaseId()));
    env.add(variable("SHEPHERD_VERSION", request.version()));
    if (request.artifactLocation() != null) {
      env.add(variable("SHEPHERD_ARTIFACT", request.artifactLocation()));
    }
    // The same release and step always get the same token: CodeBuild returns the build it already started.
    String token = (request.releaseId() + "/" + request.kind()).replaceAll("[^A-Za-z0-9/._-]", "_");
    return AwsFailures.call("start CodeBuild project " + request.project(), request.region(), () -> codeBuild.startBuild(r -> r
        .projectName(request.project())
        .sourceVersion(request.sourceVersion())
        .idempotencyToken(token.length() > 64 ? token.substring(token.length() - 64) : token)
        .timeoutInMinutesOverride((int) Math.max(5, Math.min(2160, request.timeout().toMinutes())))
        .environmentVariablesOverride(env))).build().id();
  }

  /** Where the build put its artifact: the build's own record, else the project's artifact settings. */
  private static String artifactOf(CodeBuildClient codeBuild, Build build, Region region) {
    if (build.artifacts() != null && build.artifacts().location() != null && !build.artifacts().location().isBlank()) {
      return ArtifactStore.fromCodeBuild(build.artifacts().location());
    }
    var projects = AwsFailures.call("read CodeBuild project " + build.projectName(), region,
        () -> codeBuild.batchGetProjects(r -> r.names(build.projectName())));
    if (projects.projects().isEmpty() || projects.projects().get(0).artifacts() == null
        || projects.projects().get(0).artifacts().location() == null) {
      throw FailureType.BUILD_FAILED.failure("build " + build.id() + " succeeded but its project "
          + build.projectName() + " names no S3 artifact to deploy");
    }
    var a = projects.projects().get(0).artifacts();
    StringBuilder key = new StringBuilder();
    if (a.path() != null && !a.path().isBlank()) {
      key.append(a.path().replaceAll("^/+|/+$", "")).append('/');
    }
    key.append(a.name() != null && !a.name().isBlank() ? a.name() : build.projectName());
    return "s3://" + a.location() + "/" + key;
  }

  private static Build find(CodeBuildClient codeBuild, String buildId, Region region) {
    var found = AwsFailures.call("read CodeBuild build " + buildId, region, () -> codeBuild.batchGetBuilds(r -> r.ids(buildId)));
    if (found.builds().isEmpty()) {
      throw FailureType.NOT_FOUND.failure("CodeBuild build " + buildId + " is not in " + region);
    }
    return found.builds().get(0);
  }

  private static void stop(CodeBuildClient codeBuild, String buildId, Region region) {
    try {
      codeBuild.stopBuild(r -> r.id(buildId));
    } catch (SdkException e) {
      // Best effort: the release is being cancelled either way; the build will time out.
    }
  }

  static String consoleUrl(Region region, String project, String buildId) {
    return "https://" + region + ".console.aws.amazon.com/codesuite/codebuild/projects/" + project + "/build/"
        + buildId.replace(":", "%3A") + "/?region=" + region;
  }

  private static EnvironmentVariable variable(String name, String value) {
    return EnvironmentVariable.builder().name(name).value(value).type(EnvironmentVariableType.PLAINTEXT).build();
  }
}
