package dev.shepherd.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.BuildActivities;
import dev.shepherd.cloud.BuildKind;
import dev.shepherd.cloud.BuildRequest;
import dev.shepherd.cloud.BuildResult;
import dev.shepherd.cloud.CodeUpdate;
import dev.shepherd.cloud.CodeUpdateRequest;
import dev.shepherd.cloud.DeployActivities;
import dev.shepherd.cloud.PublishRequest;
import dev.shepherd.cloud.PublishedVersion;
import dev.shepherd.spec.Region;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.Environment;

/**
 * What a release deploys is what it built: the build pins its artifact (an S3 object version, or a copy
 * of its own) with the bytes' SHA-256, every region deploys exactly those bytes, and the version
 * published is this release's, with the function's configuration as it is now.
 */
class ArtifactPinningTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final AliasRef EAST_LIVE = new AliasRef(EAST, AwsFixtures.FUNCTION, AwsFixtures.ALIAS);
  private static final String RELEASE = "release/payments/1.4.2";
  private static final String PROJECT = "payments-build";
  private static final String KEY = "payments-api.zip";

  private AwsFixtures fixtures;
  private TestActivityEnvironment env;
  private BuildActivities builds;
  private DeployActivities deploy;

  @BeforeEach
  void setUp() {
    fixtures = new AwsFixtures().function(EAST).project(EAST, PROJECT, KEY);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new AwsBuildActivities(fixtures.aws), new AwsDeployActivities(fixtures.aws));
    ActivityOptions once = ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build();
    builds = env.newActivityStub(BuildActivities.class, once);
    deploy = env.newActivityStub(DeployActivities.class, once);
  }

  @AfterEach
  void tearDown() {
    env.close();
    fixtures.close();
  }

  @Test
  void givenAVersionedBucket_theBuildPinsTheObjectVersionItReadAndItsDigest() {
    fixtures.versionedBucket();
    fixtures.artifact(KEY, "version two");

    BuildResult built = builds.runBuild(build());

    assertThat(built.artifactLocation()).startsWith("s3://" + AwsFixtures.BUCKET + "/" + KEY + "?versionId=");
    assertThat(built.artifactSha256()).isEqualTo(AwsFixtures.sha256("version two"));
  }

  @Test
  void givenTheKeyIsOverwrittenAfterTheBuild_aRegionStillDeploysThePinnedBytes() {
    fixtures.versionedBucket();
    fixtures.artifact(KEY, "version two");
    BuildResult built = builds.runBuild(build());
    // Another build of the project writes the same key during the release's 72-hour gate.
    fixtures.artifact(KEY, "someone else's build");

    CodeUpdate code = deploy.updateCode(new CodeUpdateRequest(EAST_LIVE, built.artifactLocation(), RELEASE,
        built.artifactSha256()));

    assertThat(ArtifactStore.hexOfLambdaSha(code.codeSha256())).isEqualTo(AwsFixtures.sha256("version two"));
    assertThat(ArtifactStore.hexOfLambdaSha(lambdaCodeSha())).isEqualTo(AwsFixtures.sha256("version two"));
  }

  @Test
  void givenAnUnversionedBucket_theBuildCopiesItsArtifactToAKeyOfItsOwn() {
    fixtures.artifact(KEY, "version two");

    BuildResult built = builds.runBuild(build());
    fixtures.artifact(KEY, "someone else's build");

    assertThat(built.artifactLocation()).startsWith("s3://" + AwsFixtures.BUCKET + "/" + ArtifactStore.PINNED_PREFIX)
        .endsWith("/" + KEY).doesNotContain("versionId");
    CodeUpdate code = deploy.updateCode(new CodeUpdateRequest(EAST_LIVE, built.artifactLocation(), RELEASE,
        built.artifactSha256()));
    assertThat(ArtifactStore.hexOfLambdaSha(code.codeSha256())).isEqualTo(AwsFixtures.sha256("version two"));
  }

  @Test
  void givenBytesThatDoNotMatchTheBuildsDigest_theRegionFailsNamingBothDigestsAndDeploysNothing() {
    String unpinned = fixtures.artifact(KEY, "someone else's build");
    String before = lambdaCodeSha();

    assertThatThrownBy(() -> deploy.updateCode(new CodeUpdateRequest(EAST_LIVE, unpinned, RELEASE,
        AwsFixtures.sha256("version two"))))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("DEPLOY_FAILED");
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).contains(AwsFixtures.sha256("version two"))
              .contains(AwsFixtures.sha256("someone else's build"));
        });
    assertThat(lambdaCodeSha()).as("the function's code is untouched").isEqualTo(before);
  }

  @Test
  void givenTheSameCodeWithANewConfiguration_theReleasePublishesANewVersionNotTheOldOne() {
    var lambda = fixtures.aws.lambda(EAST);
    String artifact = fixtures.artifact(KEY, "version two");
    lambda.updateFunctionConfiguration(r -> r.functionName(AwsFixtures.FUNCTION)
        .environment(Environment.builder().variables(Map.of("X", "1")).build()));
    CodeUpdate first = deploy.updateCode(new CodeUpdateRequest(EAST_LIVE, artifact, "release/payments/1.4.1"));
    String v1 = deploy.publishVersion(new PublishRequest(EAST_LIVE, first.codeSha256(), "release/payments/1.4.1",
        "release/payments/1.4.1", first.revisionId())).version();
    // The team changes the configuration and releases the same zip again.
    lambda.updateFunctionConfiguration(r -> r.functionName(AwsFixtures.FUNCTION)
        .environment(Environment.builder().variables(Map.of("X", "2")).build()));
    CodeUpdate again = deploy.updateCode(new CodeUpdateRequest(EAST_LIVE, artifact, RELEASE));

    PublishedVersion mine = deploy.publishVersion(new PublishRequest(EAST_LIVE, again.codeSha256(),
        RELEASE + " (1.4.2)", RELEASE, again.revisionId()));

    assertThat(mine.version()).isNotEqualTo(v1);
    assertThat(lambda.getFunctionConfiguration(r -> r.functionName(AwsFixtures.FUNCTION).qualifier(mine.version()))
        .environment().variables()).containsEntry("X", "2");
  }

  @Test
  void aRetriedPublishFindsTheVersionThisReleasePublished() {
    String artifact = fixtures.artifact(KEY, "version two");
    CodeUpdate code = deploy.updateCode(new CodeUpdateRequest(EAST_LIVE, artifact, RELEASE));
    PublishRequest publish = new PublishRequest(EAST_LIVE, code.codeSha256(), RELEASE + " (1.4.2)", RELEASE,
        code.revisionId());
    PublishedVersion first = deploy.publishVersion(publish);
    // The worker died after Lambda published, before the result was recorded; the code update ran again.
    deploy.updateCode(new CodeUpdateRequest(EAST_LIVE, artifact, RELEASE));

    assertThat(deploy.publishVersion(publish)).isEqualTo(first);
    assertThat(fixtures.aws.lambda(EAST).listVersionsByFunction(r -> r.functionName(AwsFixtures.FUNCTION)).versions())
        .extracting(v -> v.version()).containsExactlyInAnyOrder("$LATEST", "1", first.version());
  }

  @Test
  void aVersionOfAnotherReleaseWhoseIdStartsTheSameIsNotTakenForThisOnes() {
    String artifact = fixtures.artifact(KEY, "version two");
    CodeUpdate code = deploy.updateCode(new CodeUpdateRequest(EAST_LIVE, artifact, "release/payments/1.4"));
    String other = deploy.publishVersion(new PublishRequest(EAST_LIVE, code.codeSha256(), "release/payments/1.4 (1.4)",
        "release/payments/1.4", code.revisionId())).version();
    fixtures.aws.lambda(EAST).updateFunctionConfiguration(r -> r.functionName(AwsFixtures.FUNCTION).memorySize(512));
    CodeUpdate mine = deploy.updateCode(new CodeUpdateRequest(EAST_LIVE, artifact, "release/payments/1.4.2"));

    String version = deploy.publishVersion(new PublishRequest(EAST_LIVE, mine.codeSha256(), RELEASE + " (1.4.2)",
        RELEASE, mine.revisionId())).version();

    assertThat(version).isNotEqualTo(other);
  }

  @Test
  void givenASuccessfulBuildWhoseArtifactIsNotInS3_theBuildFails() {
    fixtures.versionedBucket();

    assertThatThrownBy(() -> builds.runBuild(build()))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("BUILD_FAILED");
          assertThat(f.getOriginalMessage()).contains("s3://" + AwsFixtures.BUCKET + "/" + KEY);
        });
  }

  private BuildRequest build() {
    return new BuildRequest(BuildKind.BUILD, RELEASE, "1.4.2", "v1.4.2", PROJECT, EAST, null, Duration.ofMinutes(10));
  }

  private String lambdaCodeSha() {
    return fixtures.aws.lambda(EAST).getFunctionConfiguration(r -> r.functionName(AwsFixtures.FUNCTION)).codeSha256();
  }
}
