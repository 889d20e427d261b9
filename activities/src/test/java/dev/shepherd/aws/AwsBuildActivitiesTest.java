package dev.shepherd.aws;

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
    assertThat(result.artifactLocation()).isEqualTo("s3://" + AwsFixtures.BUCKET + "/payments-api.zip");
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

  private BuildActivities builds() {
    return env.newActivityStub(BuildActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setHeartbeatTimeout(Duration.ofSeconds(30))
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
