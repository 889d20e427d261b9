package dev.shepherd.aws;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.cloud.BuildActivities;
import dev.shepherd.cloud.BuildKind;
import dev.shepherd.cloud.BuildRequest;
import dev.shepherd.cloud.BuildResult;
import dev.shepherd.spec.Region;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariable;

/** CodeBuild builds against moto (with the launcher's timestamp correction). */
class AwsBuildActivitiesTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final String PROJECT = "payments-build";

  private AwsFixtures fixtures;
  private TestActivityEnvironment env;

  @BeforeEach
  void setUp() {
    fixtures = new AwsFixtures().project(EAST, PROJECT, "payments-api.zip");
    fixtures.artifact("payments-api.zip", "version two");
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new AwsBuildActivities(fixtures.aws));
  }

  @AfterEach
  void tearDown() {
    LostResponses.reset();
    AwsCalls.stop();
    env.close();
    fixtures.close();
  }

  @Test
  void aSuccessfulBuildReturnsItsArtifactAndAConsoleLink() {
    BuildResult result = builds().runBuild(request());
    assertThat(result.buildId()).startsWith(PROJECT + ":");
    // The bucket is not versioned: the artifact is pinned by a copy under a key of this build.
    assertThat(result.artifactLocation()).startsWith("s3://" + AwsFixtures.BUCKET + "/" + ArtifactStore.PINNED_PREFIX)
        .endsWith("/payments-api.zip");
    assertThat(result.artifactSha256()).isEqualTo(AwsFixtures.sha256("version two"));
    assertThat(result.consoleUrl()).startsWith("https://us-east-1.console.aws.amazon.com/codesuite/codebuild/projects/"
        + PROJECT + "/build/");
    assertThat(buildsOfProject()).isEqualTo(1);
  }

  @Test
  void aRetryAfterACrashFindsTheBuildItStartedInsteadOfStartingAnother() {
    BuildResult first = builds().runBuild(request());
    // The worker died after the heartbeat that recorded the build id; the retry gets that heartbeat.
    env.setHeartbeatDetails(first.buildId());
    BuildResult retried = builds().runBuild(request());
    assertThat(retried.buildId()).isEqualTo(first.buildId());
    assertThat(buildsOfProject()).as("no second build").isEqualTo(1);
  }

  /**
   * The worker started the build but never recorded its id (the answer to StartBuild was lost, or the
   * worker died before its first heartbeat reached Temporal), and Temporal retries the step later than
   * CodeBuild's idempotency token lasts. moto ignores that token altogether, so here every retry is "later".
   */
  @Test
  void givenTheBuildIdWasNeverRecorded_whenTemporalRetriesTheStep_itWaitsForTheBuildAlreadyStarted() {
    LostResponses.loseNext("StartBuild");
    AwsCalls.record();
    BuildResult result = inWorkflow(step -> step.build(request()));
    assertThat(buildsOfProject()).as("no second build").isEqualTo(1);
    assertThat(result.buildId()).isEqualTo(builds(PROJECT).get(0));
    assertThat(AwsCalls.calls()).filteredOn(call -> call.startsWith("StartBuild ")).hasSize(1);
  }

  @Test
  void givenTheBuildIdWasNeverRecorded_aBuildThatEndedMeanwhileIsJudgedNotStartedAgain() {
    LostResponses.loseNext("StartBuild");
    BuildRequest failing = new BuildRequest(BuildKind.BUILD, "release/payments/1.4.2", "1.4.2",
        "shepherd-test-fail", PROJECT, EAST, null, Duration.ofMinutes(30));
    assertThatThrownBy(() -> inWorkflow(step -> step.build(failing)))
        .isInstanceOfSatisfying(WorkflowFailedException.class, e -> assertThat(e.getCause().getCause())
            .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("BUILD_FAILED")));
    assertThat(buildsOfProject()).as("the retry judged the build it found").isEqualTo(1);
  }

  /** An operator's retry of a paused step, or a new run of a failed release, is a new activity: it builds again. */
  @Test
  void aNewSchedulingOfTheStepStartsItsOwnBuildRatherThanReusingOneThatFailed() {
    BuildRequest failing = new BuildRequest(BuildKind.BUILD, "release/payments/1.4.2", "1.4.2",
        "shepherd-test-fail", PROJECT, EAST, null, Duration.ofMinutes(30));
    for (int run = 1; run <= 2; run++) {
      assertThatThrownBy(() -> builds().runBuild(failing)).cause()
          .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("BUILD_FAILED"));
    }
    assertThat(buildsOfProject()).isEqualTo(2);
  }

  @Test
  void aBuildIsTheStepsOnlyWhenItNamesTheSameReleaseStepWorkflowRunAndActivity() {
    var owner = new AwsBuildActivities.BuildOwner("release/payments/1.4.2", BuildKind.BUILD, "run-1", "7");
    assertThat(owner.owns(startedBy(owner))).isTrue();
    for (var other : List.of(
        new AwsBuildActivities.BuildOwner("release/payments/1.4.3", BuildKind.BUILD, "run-1", "7"),
        new AwsBuildActivities.BuildOwner("release/payments/1.4.2", BuildKind.TEST, "run-1", "7"),
        // A new run of the release after it failed.
        new AwsBuildActivities.BuildOwner("release/payments/1.4.2", BuildKind.BUILD, "run-2", "7"),
        // An operator's retry of the paused step: a new activity in the same run.
        new AwsBuildActivities.BuildOwner("release/payments/1.4.2", BuildKind.BUILD, "run-1", "9"))) {
      assertThat(owner.owns(startedBy(other))).as(other.toString()).isFalse();
    }
    assertThat(owner.owns(Build.builder().id(PROJECT + ":started-by-hand").build())).isFalse();
  }

  private static Build startedBy(AwsBuildActivities.BuildOwner owner) {
    List<EnvironmentVariable> variables = new ArrayList<>();
    owner.variables().forEach((name, value) -> variables.add(EnvironmentVariable.builder().name(name).value(value).build()));
    variables.add(EnvironmentVariable.builder().name("SHEPHERD_VERSION").value("1.4.2").build());
    return Build.builder().id(PROJECT + ":" + owner.workflowRunId()).environment(e -> e.environmentVariables(variables)).build();
  }

  @Test
  void aMissingProjectFailsNonRetryablyNamingIt() {
    BuildRequest missing = new BuildRequest(BuildKind.BUILD, "release/payments/1.4.2", "1.4.2", "v1.4.2",
        "no-such-project", EAST, null, Duration.ofMinutes(30));
    assertThatThrownBy(() -> builds().runBuild(missing))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("NOT_FOUND");
          assertThat(f.getOriginalMessage()).contains("no-such-project").contains("us-east-1");
        });
  }

  @Test
  void aFailedBuildFailsNonRetryablyWithTheBuildIdAndAConsoleLink() {
    BuildRequest failing = new BuildRequest(BuildKind.BUILD, "release/payments/1.4.2", "1.4.2",
        "shepherd-test-fail", PROJECT, EAST, null, Duration.ofMinutes(30));
    assertThatThrownBy(() -> builds().runBuild(failing))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("BUILD_FAILED");
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).contains(PROJECT + ":").contains("FAILED").contains("phase BUILD")
              .contains("https://us-east-1.console.aws.amazon.com/codesuite/codebuild/projects/" + PROJECT);
        });
  }

  @Test
  void aFailedTestBuildIsATestFailure() {
    BuildRequest failing = new BuildRequest(BuildKind.TEST, "release/payments/1.4.2", "1.4.2",
        "shepherd-test-fail", PROJECT, EAST, "s3://payments-artifacts/payments-api.zip", Duration.ofMinutes(30));
    assertThatThrownBy(() -> builds().runBuild(failing))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("TEST_FAILED"));
  }

  @Test
  void cancellingTheActivityStopsTheBuild() throws Exception {
    BuildRequest held = new BuildRequest(BuildKind.BUILD, "release/payments/1.4.2", "1.4.2",
        "shepherd-test-hold", PROJECT, EAST, null, Duration.ofMinutes(30));
    BuildActivities stub = builds();
    var outcome = new java.util.concurrent.CompletableFuture<Throwable>();
    Thread running = new Thread(() -> {
      try {
        stub.runBuild(held);
        outcome.complete(null);
      } catch (Throwable t) {
        outcome.complete(t);
      }
    });
    running.start();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> buildsOfProject() > 0);
    assertThat(buildsOfProject()).isEqualTo(1);
    env.requestCancelActivity();
    Throwable failure = outcome.get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(failure).isNotNull();
    String id = fixtures.aws.codeBuild(EAST).listBuildsForProject(r -> r.projectName(PROJECT)).ids().get(0);
    assertThat(fixtures.aws.codeBuild(EAST).batchGetBuilds(r -> r.ids(id)).builds().get(0).buildStatusAsString())
        .isEqualTo("STOPPED");
  }

  private BuildActivities builds() {
    return env.newActivityStub(BuildActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        // Heartbeats are sent (and cancellation is learned) at most every 0.8 x this.
        .setHeartbeatTimeout(Duration.ofSeconds(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  private static BuildRequest request() {
    return new BuildRequest(BuildKind.BUILD, "release/payments/1.4.2", "1.4.2", "v1.4.2", PROJECT, EAST, null,
        Duration.ofMinutes(30));
  }

  private int buildsOfProject() {
    return builds(PROJECT).size();
  }

  private List<String> builds(String project) {
    return fixtures.aws.codeBuild(EAST).listBuildsForProject(r -> r.projectName(project)).ids();
  }

  /** Runs a build step in a workflow on the in-memory Temporal server, which retries it as production does. */
  private <T> T inWorkflow(Function<BuildStepWorkflow, T> body) {
    try (TestWorkflowEnvironment temporal = TestWorkflowEnvironment.newInstance()) {
      Worker worker = temporal.newWorker("builds");
      worker.registerWorkflowImplementationTypes(BuildStepWorkflowImpl.class);
      worker.registerActivitiesImplementations(new AwsBuildActivities(fixtures.aws));
      temporal.start();
      return body.apply(temporal.getWorkflowClient().newWorkflowStub(BuildStepWorkflow.class,
          WorkflowOptions.newBuilder().setTaskQueue("builds").setWorkflowId("release/payments/1.4.2").build()));
    }
  }
}
