package dev.shepherd.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.shepherd.spec.CanaryWeight;
import dev.shepherd.spec.Region;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

/** The Lambda deployment steps against moto, through the real AWS SDK, in two regions. */
class AwsDeployActivitiesTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final Region WEST = Region.of("eu-west-1");
  private static final AliasRef EAST_LIVE = new AliasRef(EAST, AwsFixtures.FUNCTION, AwsFixtures.ALIAS);
  private static final String RELEASE = "release/payments/1.4.2";

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
    AwsCalls.stop();
    env.close();
    fixtures.close();
  }

  @Test
  void theRollbackTargetIsWhereTheAliasPointsBeforeTheReleaseWithItsRevision() {
    RollbackTarget target = deploy.captureRollbackTarget(EAST_LIVE);
    assertThat(target.state()).isEqualTo(AliasState.of("1"));
    assertThat(target.revisionId()).as("Lambda's RevisionId").isNotBlank();
  }

  @Test
  void aWavesRollbackTargetsAreReadInOneCallEachWithItsRegionsRevisionInTheRequestsOrder() {
    AliasRef westLive = new AliasRef(WEST, AwsFixtures.FUNCTION, AwsFixtures.ALIAS);
    String hotfix = someoneDeploysByHand(WEST, "hotfix");

    RollbackTargets targets = deploy.captureRollbackTargets(new RollbackTargetsRequest(List.of(westLive, EAST_LIVE)));

    assertThat(targets.targets()).extracting(RollbackTarget::state)
        .containsExactly(AliasState.of(hotfix), AliasState.of("1"));
    assertThat(targets.targets().get(0)).isEqualTo(deploy.captureRollbackTarget(westLive));
    assertThat(targets.targets().get(1)).isEqualTo(deploy.captureRollbackTarget(EAST_LIVE));
  }

  @Test
  void givenOneRegionOfAWaveHasNoSuchFunction_readingTheWavesTargetsFailsNonRetryablyNamingThatRegion() {
    AliasRef missing = new AliasRef(Region.of("ap-southeast-2"), AwsFixtures.FUNCTION, AwsFixtures.ALIAS);
    assertThatThrownBy(() -> deploy.captureRollbackTargets(new RollbackTargetsRequest(List.of(EAST_LIVE, missing))))
        .isInstanceOf(ActivityFailure.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("NOT_FOUND");
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).contains(AwsFixtures.FUNCTION).contains("ap-southeast-2");
        });
  }

  @Test
  void aCanaryDeployLeavesTheAliasOnTheOldVersionWithTheNewOneWeighted() {
    RollbackTarget before = deploy.captureRollbackTarget(EAST_LIVE);
    String newVersion = publishNewCode(EAST_LIVE, "version two");
    AliasState routed = deploy.routeCanary(canary(newVersion, 10, before.state()));
    assertThat(newVersion).isEqualTo("2");
    assertThat(routed).isEqualTo(new AliasState("1", "2", 10));
    assertThat(alias(EAST)).as("as AWS reports it").isEqualTo(new AliasState("1", "2", 10));
    assertThat(alias(WEST)).as("another region is untouched").isEqualTo(AliasState.of("1"));
  }

  @Test
  void aRetriedCanaryStepFindsTheAliasAlreadyRoutedAndSucceedsWithoutWriting() {
    RollbackTarget before = deploy.captureRollbackTarget(EAST_LIVE);
    String newVersion = publishNewCode(EAST_LIVE, "version two");
    deploy.routeCanary(canary(newVersion, 10, before.state()));
    AwsCalls.record();
    assertThat(deploy.routeCanary(canary(newVersion, 10, before.state()))).isEqualTo(new AliasState("1", "2", 10));
    assertThat(AwsCalls.calls()).doesNotContain("UpdateAlias us-east-1");
  }

  @Test
  void promotionPointsTheAliasAtTheNewVersionAndClearsTheRouting() {
    RollbackTarget before = deploy.captureRollbackTarget(EAST_LIVE);
    String newVersion = publishNewCode(EAST_LIVE, "version two");
    AliasState routed = deploy.routeCanary(canary(newVersion, 25, before.state()));
    deploy.promote(new AliasMoveRequest(EAST_LIVE, newVersion, routed));
    assertThat(alias(EAST)).isEqualTo(AliasState.of("2"));
  }

  @Test
  void givenTheAliasWasMovedAfterTheCapture_whenTheCanaryIsRouted_itFailsAliasMovedAndLeavesTheAliasAlone() {
    RollbackTarget before = deploy.captureRollbackTarget(EAST_LIVE);
    String newVersion = publishNewCode(EAST_LIVE, "version two");
    String hotfix = someoneDeploysByHand(EAST, "hotfix");
    assertThatThrownBy(() -> deploy.routeCanary(canary(newVersion, 10, before.state())))
        .isInstanceOf(ActivityFailure.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("ALIAS_MOVED");
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).contains("payments-api:live").contains("us-east-1")
              .contains("expected version 1").contains("found version " + hotfix);
        });
    assertThat(alias(EAST)).isEqualTo(AliasState.of(hotfix));
  }

  @Test
  void givenTheCanaryWasChangedByHand_whenPromoting_itFailsAliasMoved() {
    RollbackTarget before = deploy.captureRollbackTarget(EAST_LIVE);
    String newVersion = publishNewCode(EAST_LIVE, "version two");
    AliasState routed = deploy.routeCanary(canary(newVersion, 10, before.state()));
    fixtures.aws.lambda(EAST).updateAlias(r -> r.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS)
        .functionVersion("1").routingConfig(c -> c.additionalVersionWeights(Map.of("2", 0.5))));
    assertThatThrownBy(() -> deploy.promote(new AliasMoveRequest(EAST_LIVE, newVersion, routed)))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("ALIAS_MOVED");
          assertThat(f.getOriginalMessage()).contains("expected version 1 with 10% on version 2")
              .contains("found version 1 with 50% on version 2");
        });
    assertThat(alias(EAST)).isEqualTo(new AliasState("1", "2", 50));
  }

  @Test
  void givenACanary_whenTheAliasIsRestored_itIsBackOnTheOldVersionWithNoRouting() {
    RollbackTarget before = deploy.captureRollbackTarget(EAST_LIVE);
    String newVersion = publishNewCode(EAST_LIVE, "version two");
    deploy.routeCanary(canary(newVersion, 50, before.state()));

    UndoResult undo = deploy.restoreAlias(new AliasRestoreRequest(EAST_LIVE, before, RELEASE, List.of(newVersion)));

    assertThat(undo).isEqualTo(new UndoResult(UndoOutcome.RESTORED, "version 1 with 50% on version 2"));
    assertThat(alias(EAST)).isEqualTo(AliasState.of("1"));
  }

  @Test
  void givenAPromotion_whenTheAliasIsRestored_itIsBackOnTheOldVersion() {
    RollbackTarget before = deploy.captureRollbackTarget(EAST_LIVE);
    String newVersion = publishNewCode(EAST_LIVE, "version two");
    AliasState routed = deploy.routeCanary(canary(newVersion, 10, before.state()));
    deploy.promote(new AliasMoveRequest(EAST_LIVE, newVersion, routed));

    UndoResult undo = deploy.restoreAlias(new AliasRestoreRequest(EAST_LIVE, before, RELEASE, List.of(newVersion)));

    assertThat(undo).isEqualTo(new UndoResult(UndoOutcome.RESTORED, "version 2"));
    assertThat(alias(EAST)).isEqualTo(AliasState.of("1"));
    // Restoring again (a retried compensation) finds it back and writes nothing.
    AwsCalls.record();
    assertThat(deploy.restoreAlias(new AliasRestoreRequest(EAST_LIVE, before, RELEASE, List.of(newVersion))).outcome())
        .isEqualTo(UndoOutcome.UNCHANGED);
    assertThat(AwsCalls.calls()).doesNotContain("UpdateAlias us-east-1");
  }

  @Test
  void givenTheAliasWasNeverMoved_whenItIsRestored_itIsUnchangedAndNothingIsWritten() {
    RollbackTarget before = deploy.captureRollbackTarget(EAST_LIVE);
    String newVersion = publishNewCode(EAST_LIVE, "version two");
    AwsCalls.record();

    UndoResult undo = deploy.restoreAlias(new AliasRestoreRequest(EAST_LIVE, before, RELEASE, List.of(newVersion)));

    assertThat(undo).isEqualTo(new UndoResult(UndoOutcome.UNCHANGED, "version 1"));
    assertThat(AwsCalls.calls()).contains("GetAlias us-east-1").doesNotContain("UpdateAlias us-east-1");
    assertThat(alias(EAST)).isEqualTo(AliasState.of("1"));
  }

  @Test
  void givenSomeoneMovedTheAliasToAnotherVersion_whenItIsRestored_itIsLeftThereAndReportedDrifted() {
    RollbackTarget before = deploy.captureRollbackTarget(EAST_LIVE);
    String newVersion = publishNewCode(EAST_LIVE, "version two");
    AliasState routed = deploy.routeCanary(canary(newVersion, 10, before.state()));
    deploy.promote(new AliasMoveRequest(EAST_LIVE, newVersion, routed));
    String hotfix = someoneDeploysByHand(EAST, "hotfix");
    AwsCalls.record();

    UndoResult undo = deploy.restoreAlias(new AliasRestoreRequest(EAST_LIVE, before, RELEASE, List.of(newVersion)));

    assertThat(undo).isEqualTo(new UndoResult(UndoOutcome.DRIFTED, "version " + hotfix));
    assertThat(alias(EAST)).as("the hand-made change is kept").isEqualTo(AliasState.of(hotfix));
    assertThat(AwsCalls.calls()).doesNotContain("UpdateAlias us-east-1");
  }

  @Test
  void givenTheReleaseDidNotLearnItsVersion_theVersionDescriptionDecidesWhatIsTheReleases() {
    RollbackTarget before = deploy.captureRollbackTarget(EAST_LIVE);
    String newVersion = publishNewCode(EAST_LIVE, "version two");
    deploy.routeCanary(canary(newVersion, 10, before.state()));

    UndoResult undo = deploy.restoreAlias(new AliasRestoreRequest(EAST_LIVE, before, RELEASE, List.of()));

    assertThat(undo.outcome()).isEqualTo(UndoOutcome.RESTORED);
    assertThat(alias(EAST)).isEqualTo(AliasState.of("1"));
  }

  @Test
  void givenTheReleaseDidNotLearnItsVersion_aVersionWhoseDescriptionNamesAnotherReleaseIsDrift() {
    RollbackTarget before = deploy.captureRollbackTarget(EAST_LIVE);
    String hotfix = someoneDeploysByHand(EAST, "hotfix");

    UndoResult undo = deploy.restoreAlias(new AliasRestoreRequest(EAST_LIVE, before, RELEASE, List.of()));

    assertThat(undo).isEqualTo(new UndoResult(UndoOutcome.DRIFTED, "version " + hotfix));
    assertThat(alias(EAST)).isEqualTo(AliasState.of(hotfix));
  }

  @Test
  void givenTheAliasWasDeleted_whenItIsRestored_itFailsNotFoundNonRetryably() {
    RollbackTarget before = deploy.captureRollbackTarget(EAST_LIVE);
    String newVersion = publishNewCode(EAST_LIVE, "version two");
    fixtures.aws.lambda(EAST).deleteAlias(r -> r.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS));

    assertThatThrownBy(() -> deploy.restoreAlias(new AliasRestoreRequest(EAST_LIVE, before, RELEASE, List.of(newVersion))))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("NOT_FOUND");
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).contains("payments-api:live").contains("us-east-1");
        });
  }

  @Test
  void aRetriedPublishCreatesNoSecondVersion() {
    String artifact = fixtures.artifact("builds/1.4.2.zip", "version two");
    CodeUpdate code = deploy.updateCode(new CodeUpdateRequest(EAST_LIVE, artifact, RELEASE));
    PublishRequest publish = new PublishRequest(EAST_LIVE, code.codeSha256(), RELEASE);
    PublishedVersion first = deploy.publishVersion(publish);
    PublishedVersion again = deploy.publishVersion(publish);
    assertThat(again).isEqualTo(first);
    var versions = fixtures.aws.lambda(EAST).listVersionsByFunction(r -> r.functionName(AwsFixtures.FUNCTION)).versions();
    assertThat(versions).extracting(v -> v.version()).containsExactlyInAnyOrder("$LATEST", "1", "2");
    assertThat(fixtures.aws.lambda(EAST).getFunctionConfiguration(r -> r.functionName(AwsFixtures.FUNCTION)
        .qualifier(first.version())).description()).as("the release id is on the version").isEqualTo(RELEASE);
  }

  @Test
  void theCodeUpdateHeartbeatsFromTheStartOfTheDownload() {
    // The SDK sends the first heartbeat at once and throttles the rest, so only the first is seen here.
    List<String> beats = new CopyOnWriteArrayList<>();
    env.setActivityHeartbeatListener(String.class, beats::add);
    String artifact = fixtures.artifact("builds/1.4.2.zip", "version two");
    deploy.updateCode(new CodeUpdateRequest(EAST_LIVE, artifact, RELEASE));
    assertThat(beats).first().isEqualTo("downloaded 0 bytes of " + artifact);
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
    assertThat(alias(EAST)).isEqualTo(AliasState.of("1"));
  }

  private static CanaryRouteRequest canary(String version, int percent, AliasState expected) {
    return new CanaryRouteRequest(EAST_LIVE, expected.version(), version, CanaryWeight.of(percent), expected);
  }

  private String publishNewCode(AliasRef alias, String content) {
    String artifact = fixtures.artifact("builds/" + content.replace(' ', '-') + ".zip", content);
    CodeUpdate code = deploy.updateCode(new CodeUpdateRequest(alias, artifact, RELEASE));
    return deploy.publishVersion(new PublishRequest(alias, code.codeSha256(), RELEASE + " 1.4.2")).version();
  }

  /** Someone publishes new code by hand and points the alias at it with all traffic; returns its version. */
  private String someoneDeploysByHand(Region region, String content) {
    var lambda = fixtures.aws.lambda(region);
    lambda.updateFunctionCode(r -> r.functionName(AwsFixtures.FUNCTION)
        .zipFile(SdkBytes.fromByteArray(AwsFixtures.zip(content))));
    String version = lambda.publishVersion(r -> r.functionName(AwsFixtures.FUNCTION).description("hotfix by dave"))
        .version();
    lambda.updateAlias(r -> r.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS).functionVersion(version)
        .routingConfig(c -> c.additionalVersionWeights(Map.of())));
    return version;
  }

  /** Where the alias points, as AWS reports it. */
  private AliasState alias(Region region) {
    var a = fixtures.aws.lambda(region).getAlias(r -> r.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS));
    var weights = a.routingConfig() == null ? Map.<String, Double>of() : a.routingConfig().additionalVersionWeights();
    if (weights.isEmpty()) {
      return AliasState.of(a.functionVersion());
    }
    var canary = weights.entrySet().iterator().next();
    return new AliasState(a.functionVersion(), canary.getKey(), (int) Math.round(canary.getValue() * 100));
  }
}
