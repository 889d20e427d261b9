package dev.shepherd.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.cloud.AliasMoveRequest;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.CanaryRouteRequest;
import dev.shepherd.cloud.CodeUpdate;
import dev.shepherd.cloud.CodeUpdateRequest;
import dev.shepherd.cloud.DeployActivities;
import dev.shepherd.cloud.PublishRequest;
import dev.shepherd.cloud.PublishedVersion;
import dev.shepherd.spec.CanaryWeight;
import dev.shepherd.spec.Region;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lambda deployment steps against moto, through the real AWS SDK, in two regions. */
class AwsDeployActivitiesTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final Region WEST = Region.of("eu-west-1");
  private static final AliasRef EAST_LIVE = new AliasRef(EAST, AwsFixtures.FUNCTION, AwsFixtures.ALIAS);

  private AwsFixtures fixtures;
  private TestActivityEnvironment env;
  private DeployActivities deploy;

  @BeforeEach
  void setUp() {
    fixtures = new AwsFixtures().function(EAST).function(WEST);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new AwsDeployActivities(fixtures.aws));
    deploy = env.newActivityStub(DeployActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
    fixtures.close();
  }

  @Test
  void theRollbackTargetIsTheAliasVersionBeforeTheRelease() {
    assertThat(deploy.captureRollbackTarget(EAST_LIVE)).isEqualTo(AliasState.of("1"));
  }

  @Test
  void aCanaryDeployLeavesTheAliasOnTheOldVersionWithTheNewOneWeighted() {
    String newVersion = publishNewCode(EAST_LIVE, "version two");
    AliasState routed = deploy.routeCanary(new CanaryRouteRequest(EAST_LIVE, "1", newVersion, CanaryWeight.of(10)));
    assertThat(newVersion).isEqualTo("2");
    assertThat(routed).isEqualTo(new AliasState("1", "2", 10));
    assertThat(deploy.captureRollbackTarget(EAST_LIVE)).as("as AWS reports it").isEqualTo(new AliasState("1", "2", 10));
    AliasRef westLive = new AliasRef(WEST, AwsFixtures.FUNCTION, AwsFixtures.ALIAS);
    assertThat(deploy.captureRollbackTarget(westLive)).as("another region is untouched").isEqualTo(AliasState.of("1"));
  }

  @Test
  void promotionPointsTheAliasAtTheNewVersionAndClearsTheRouting() {
    String newVersion = publishNewCode(EAST_LIVE, "version two");
    deploy.routeCanary(new CanaryRouteRequest(EAST_LIVE, "1", newVersion, CanaryWeight.of(25)));
    deploy.promote(new AliasMoveRequest(EAST_LIVE, newVersion));
    assertThat(deploy.captureRollbackTarget(EAST_LIVE)).isEqualTo(AliasState.of("2"));
  }

  @Test
  void rollbackRestoresTheCapturedVersionAndClearsTheRouting() {
    AliasState before = deploy.captureRollbackTarget(EAST_LIVE);
    String newVersion = publishNewCode(EAST_LIVE, "version two");
    deploy.routeCanary(new CanaryRouteRequest(EAST_LIVE, before.version(), newVersion, CanaryWeight.of(50)));
    deploy.rollback(new AliasMoveRequest(EAST_LIVE, before.version()));
    assertThat(deploy.captureRollbackTarget(EAST_LIVE)).isEqualTo(AliasState.of("1"));
    // Rolling back again (a retried compensation) changes nothing.
    deploy.rollback(new AliasMoveRequest(EAST_LIVE, before.version()));
    assertThat(deploy.captureRollbackTarget(EAST_LIVE)).isEqualTo(AliasState.of("1"));
  }

  @Test
  void aRetriedPublishCreatesNoSecondVersion() {
    String artifact = fixtures.artifact("builds/1.4.2.zip", "version two");
    CodeUpdate code = deploy.updateCode(new CodeUpdateRequest(EAST_LIVE, artifact, "release/payments/1.4.2"));
    PublishRequest publish = new PublishRequest(EAST_LIVE, code.codeSha256(), "release/payments/1.4.2");
    PublishedVersion first = deploy.publishVersion(publish);
    PublishedVersion again = deploy.publishVersion(publish);
    assertThat(again).isEqualTo(first);
    var versions = fixtures.aws.lambda(EAST).listVersionsByFunction(r -> r.functionName(AwsFixtures.FUNCTION)).versions();
    assertThat(versions).extracting(v -> v.version()).containsExactlyInAnyOrder("$LATEST", "1", "2");
  }

  @Test
  void aMissingFunctionFailsNonRetryablyNamingItAndItsRegion() {
    AliasRef missing = new AliasRef(Region.of("ap-southeast-2"), AwsFixtures.FUNCTION, AwsFixtures.ALIAS);
    assertThatThrownBy(() -> deploy.captureRollbackTarget(missing))
        .isInstanceOf(ActivityFailure.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("NOT_FOUND");
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).contains(AwsFixtures.FUNCTION).contains("ap-southeast-2");
        });
  }

  @Test
  void anArtifactThatIsNotInS3IsRefusedBeforeAnythingChanges() {
    assertThatThrownBy(() -> deploy.updateCode(new CodeUpdateRequest(EAST_LIVE, "sim://x.zip", "r")))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo("INVALID_REQUEST"));
    assertThat(deploy.captureRollbackTarget(EAST_LIVE)).isEqualTo(AliasState.of("1"));
  }

  private String publishNewCode(AliasRef alias, String content) {
    String artifact = fixtures.artifact("builds/" + content.replace(' ', '-') + ".zip", content);
    CodeUpdate code = deploy.updateCode(new CodeUpdateRequest(alias, artifact, "release/payments/1.4.2"));
    return deploy.publishVersion(new PublishRequest(alias, code.codeSha256(), "release/payments/1.4.2")).version();
  }
}
