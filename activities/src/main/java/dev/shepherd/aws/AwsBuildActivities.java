package dev.shepherd.aws;

import dev.shepherd.cloud.BuildActivities;
import dev.shepherd.cloud.BuildKind;
import dev.shepherd.cloud.BuildRequest;
import dev.shepherd.cloud.BuildResult;
import dev.shepherd.provider.HeartbeatingPoll.Beat;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.Region;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariable;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariableType;
import software.amazon.awssdk.services.codebuild.model.ListBuildsForProjectResponse;
import software.amazon.awssdk.services.codebuild.model.SortOrderType;
import software.amazon.awssdk.services.codebuild.model.StatusType;

/**
 * CodeBuild builds and tests: one activity starts the build and waits for it, heartbeating the build id.
 *
 * <p>A step starts at most one build, however its attempts go. A retry reads the build id from the last
 * heartbeat; when there is none (the worker died before its first heartbeat reached Temporal, or the
 * answer to StartBuild was lost), it looks for the build among the project's recent builds by the
 * variables every build gets ({@link BuildOwner}), and waits for that build, or judges it if it has ended.
 * CodeBuild's idempotency token would cover this only for five minutes; the token is still sent, for a
 * build started so shortly before that it is not yet listed.
 */
public final class AwsBuildActivities implements BuildActivities {

  /**
   * How many of the project's newest builds a retry without a heartbeat looks through: three pages of
   * ListBuildsForProject. The build it looks for started after this activity was scheduled, so only a
   * project that started more builds than this since then hides it (and then a second build starts).
   */
  static final int BUILDS_SEARCHED = 300;
  /** The most ids ListBuildsForProject returns in a page and BatchGetBuilds takes in a call. */
  private static final int PAGE = 100;
  /** How far AWS's clock and Temporal's may differ, when telling builds older than this activity. */
  private static final Duration CLOCK_SLACK = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(AwsBuildActivities.class);

  private final AwsClients aws;

  /**
   * The scheduling of a step that a build belongs to, told to the build as environment variables: the
   * release, the step, and the workflow run and activity that ran it. Temporal keeps the run and activity
   * ids across the activity's retries and gives new ones to an operator's retry of a paused step and to a
   * new run of a failed release, which must build again rather than find the build that failed.
   */
  record BuildOwner(String releaseId, BuildKind step, String workflowRunId, String activityId) {

    static final String RELEASE = "SHEPHERD_RELEASE_ID";
    static final String STEP = "SHEPHERD_STEP";
    static final String RUN = "SHEPHERD_WORKFLOW_RUN_ID";
    static final String ACTIVITY = "SHEPHERD_ACTIVITY_ID";

    static BuildOwner of(BuildRequest request, ActivityInfo info) {
      return new BuildOwner(request.releaseId(), request.kind(), info.getWorkflowRunId(), info.getActivityId());
    }

    /** In a fixed order: a retried StartBuild with the same token must repeat its parameters exactly. */
    Map<String, String> variables() {
      Map<String, String> variables = new LinkedHashMap<>();
      variables.put(RELEASE, releaseId);
      variables.put(STEP, step.name());
      variables.put(RUN, String.valueOf(workflowRunId));
      variables.put(ACTIVITY, String.valueOf(activityId));
      return variables;
    }

    boolean owns(Build build) {
      if (build.environment() == null || !build.environment().hasEnvironmentVariables()) {
        return false;
      }
      Map<String, String> has = build.environment().environmentVariables().stream()
          .filter(v -> v.name() != null && v.value() != null)
          .collect(Collectors.toMap(EnvironmentVariable::name, EnvironmentVariable::value, (a, b) -> b));
      return variables().entrySet().stream().allMatch(v -> v.getValue().equals(has.get(v.getKey())));
    }

    /** CodeBuild's idempotency token: the same for every attempt of this scheduling, at most 64 characters. */
    String token() {
      String token = (step + "/" + workflowRunId + "/" + activityId).replaceAll("[^A-Za-z0-9/._-]", "_");
      return token.length() > 64 ? token.substring(token.length() - 64) : token;
    }
  }

  public AwsBuildActivities(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public BuildResult runBuild(BuildRequest request) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    Region region = request.region();
    CodeBuildClient codeBuild = aws.codeBuild(region);
    BuildOwner owner = BuildOwner.of(request, ctx.getInfo());
    // A first attempt has no earlier one whose build it could find.
    String buildId = ctx.getHeartbeatDetails(String.class)
        .or(() -> ctx.getInfo().getAttempt() > 1 ? startedEarlier(codeBuild, request, owner, ctx.getInfo()) : Optional.empty())
        .orElseGet(() -> start(codeBuild, request, owner));
    ctx.heartbeat(buildId);
    Build build = AwsFailures.polling(aws.settings().pollInterval())
        .withHeartbeat(Beat.AFTER_EACH_UNANSWERED_POLL, () -> buildId)
        .withCancellation(() -> stop(codeBuild, buildId, region))
        .until(() -> succeeded(codeBuild, request, buildId));
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

  /**
   * The build once it has succeeded, empty while it runs.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable {@code BUILD_FAILED} ({@code TEST_FAILED}
   *     for a test build) when it ended otherwise
   */
  private static Optional<Build> succeeded(CodeBuildClient codeBuild, BuildRequest request, String buildId) {
    Region region = request.region();
    Build build = find(codeBuild, buildId, region);
    StatusType status = build.buildStatus();
    if (status == StatusType.SUCCEEDED) {
      return Optional.of(build);
    }
    if (status != null && status != StatusType.IN_PROGRESS) {
      FailureType type = request.kind() == BuildKind.BUILD ? FailureType.BUILD_FAILED : FailureType.TEST_FAILED;
      throw type.failure((request.kind() == BuildKind.BUILD ? "build " : "test build ") + buildId + " of "
          + request.project() + " ended " + status + " in phase " + build.currentPhase() + "; see "
          + consoleUrl(region, request.project(), buildId));
    }
    return Optional.empty();
  }

  /**
   * The build that an earlier attempt of this scheduling started, if it is among the project's newest
   * {@value #BUILDS_SEARCHED} builds: the newest one whose variables name {@code owner}, whatever its
   * status. The search stops early at a page that reaches builds older than this activity.
   */
  private static Optional<String> startedEarlier(CodeBuildClient codeBuild, BuildRequest request, BuildOwner owner,
      ActivityInfo info) {
    Region region = request.region();
    Instant scheduled = info.getScheduledTimestamp() > 0 ? Instant.ofEpochMilli(info.getScheduledTimestamp())
        : Instant.EPOCH;
    Instant older = scheduled.minus(CLOCK_SLACK);
    Iterator<ListBuildsForProjectResponse> pages = codeBuild.listBuildsForProjectPaginator(r -> r
        .projectName(request.project()).sortOrder(SortOrderType.DESCENDING)).iterator();
    for (int seen = 0; seen < BUILDS_SEARCHED; seen += PAGE) {
      ListBuildsForProjectResponse page = AwsFailures.call("list the builds of CodeBuild project " + request.project(),
          region, pages::next);
      if (!page.hasIds() || page.ids().isEmpty()) {
        return Optional.empty();
      }
      List<String> ids = page.ids().size() > PAGE ? page.ids().subList(0, PAGE) : page.ids();
      List<Build> builds = AwsFailures.call("read the builds of CodeBuild project " + request.project(), region,
          () -> codeBuild.batchGetBuilds(r -> r.ids(ids))).builds();
      Optional<Build> ours = builds.stream().filter(owner::owns)
          .max(Comparator.comparing(Build::startTime, Comparator.nullsFirst(Comparator.naturalOrder())));
      if (ours.isPresent()) {
        log.info("{} {} of {} started CodeBuild build {} in an earlier attempt; using it instead of starting another",
            request.kind(), request.releaseId(), request.project(), ours.get().id());
        return Optional.of(ours.get().id());
      }
      boolean reachedOlder = builds.stream().anyMatch(b -> b.startTime() != null && b.startTime().isBefore(older));
      if (reachedOlder || !pages.hasNext()) {
        return Optional.empty();
      }
    }
    log.warn("{} {}: no build of it among the {} newest builds of {}; starting one", request.kind(),
        request.releaseId(), BUILDS_SEARCHED, request.project());
    return Optional.empty();
  }

  private String start(CodeBuildClient codeBuild, BuildRequest request, BuildOwner owner) {
    List<EnvironmentVariable> env = new ArrayList<>();
    owner.variables().forEach((name, value) -> env.add(variable(name, value)));
    env.add(variable("SHEPHERD_VERSION", request.version()));
    if (request.artifactLocation() != null) {
      env.add(variable("SHEPHERD_ARTIFACT", request.artifactLocation()));
    }
    return AwsFailures.call("start CodeBuild project " + request.project(), request.region(), () -> codeBuild.startBuild(r -> r
        .projectName(request.project())
        .sourceVersion(request.sourceVersion())
        .idempotencyToken(owner.token())
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
