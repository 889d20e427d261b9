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
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
    return fixtures.aws.codeBuild(EAST).listBuildsForProject(r -> r.projectName(PROJECT)).ids().size();
  }
}
