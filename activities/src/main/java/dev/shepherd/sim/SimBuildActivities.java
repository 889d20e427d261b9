package dev.shepherd.sim;

import dev.shepherd.cloud.BuildActivities;
import dev.shepherd.cloud.BuildKind;
import dev.shepherd.cloud.BuildRequest;
import dev.shepherd.cloud.BuildResult;
import dev.shepherd.release.FailureType;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.Optional;

/** Builds in the simulated cloud: a build takes the cloud's latency and heartbeats its id. */
public record SimBuildActivities(SimulatedCloud cloud) implements BuildActivities {

  @Override
  public BuildResult runBuild(BuildRequest request) {
    CloudCall call = request.kind() == BuildKind.BUILD ? CloudCall.BUILD : CloudCall.TEST;
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    Optional<String> resumed = ctx.getHeartbeatDetails(String.class);
    String buildId;
    if (resumed.isPresent() && cloud.codeBuild().buildFor(resumed.get()).isPresent()) {
      buildId = resumed.get();
      cloud.record(call, request.region(), "resumed " + buildId);
    } else {
      if (!cloud.codeBuild().projectExists(request.project())) {
        throw FailureType.NOT_FOUND.failure("CodeBuild project " + request.project() + " does not exist in "
            + request.region());
      }
      buildId = cloud.codeBuild().startBuild(request.project(), request.releaseId(), request.version());
      cloud.record(call, request.region(), "started " + buildId);
      ctx.heartbeat(buildId);
    }
    // A simulated build is one short wait: it runs to its end even while its worker shuts down.
    cloud.pause();
    try {
      cloud.check(call, request.region());
    } catch (io.temporal.failure.ApplicationFailure e) {
      if (e.isNonRetryable()) {
        FailureType type = call == CloudCall.BUILD ? FailureType.BUILD_FAILED : FailureType.TEST_FAILED;
        throw type.failure("build " + buildId + " FAILED (see sim://console/" + buildId + "): " + e.getOriginalMessage());
      }
      throw e;
    }
    String artifact = request.kind() == BuildKind.BUILD ? cloud.codeBuild().buildFor(buildId).orElseThrow() : request.artifactLocation();
    cloud.record(call, request.region(), "succeeded " + buildId);
    return request.kind() == BuildKind.BUILD
        ? new BuildResult(buildId, artifact, "sim://console/" + buildId, SimLambda.sha(artifact))
        : new BuildResult(buildId, artifact, "sim://console/" + buildId);
  }
}
