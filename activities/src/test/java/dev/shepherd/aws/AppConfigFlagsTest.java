package dev.shepherd.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.cloud.FlagActivities;
import dev.shepherd.cloud.FlagRestore;
import dev.shepherd.cloud.FlagLocation;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.cloud.FlagWrite;
import dev.shepherd.cloud.UndoOutcome;
import dev.shepherd.cloud.UndoResult;
import dev.shepherd.spec.AppConfigFlagLocation;
import dev.shepherd.spec.Region;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The AppConfig flag provider, through the real AWS SDK, against a local AppConfig stub. */
class AppConfigFlagsTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final FlagLocation TARGET =
      new FlagLocation(EAST, null, new AppConfigFlagLocation("payments", "prod", "flags", "new-checkout"));
  private static final String BEFORE = "{\"version\":\"1\",\"flags\":{\"new-checkout\":{\"name\":\"new-checkout\"},"
      + "\"dark-mode\":{\"name\":\"dark-mode\"}},\"values\":{\"new-checkout\":{\"enabled\":false},"
      + "\"dark-mode\":{\"enabled\":true}}}";

  private AppConfigStub stub;
  private AwsClients aws;
  private TestActivityEnvironment env;
  private FlagActivities flags;

  @BeforeEach
  void setUp() throws Exception {
    stub = new AppConfigStub();
    aws = new AwsClients(AwsSettings.emulator(stub.endpoint()));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new AwsFlagActivities(aws));
    flags = env.newActivityStub(FlagActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
    aws.close();
    stub.close();
  }

  @Test
  void settingTheFlagDeploysANewVersionAllAtOnceAndRestoringDeploysAnotherWithItsPreviousValue() throws Exception {
    stub.live(BEFORE);
    FlagValue previous = flags.captureFlag(TARGET);
    assertThat(previous.value()).isEqualTo("false");
    assertThat(previous.revision()).isEqualTo("1");

    flags.setFlag(new FlagWrite(TARGET, "true"));
    var live = new ObjectMapper().readTree(stub.liveContent());
    assertThat(live.path("values").path("new-checkout").path("enabled").asBoolean()).isTrue();
    assertThat(live.path("values").path("dark-mode").path("enabled").asBoolean()).as("other flags kept").isTrue();
    assertThat(stub.deployments.get(2)).startsWith("2", AppConfigFlags.STRATEGY);
    assertThat(flags.captureFlag(TARGET).value()).isEqualTo("true");

    assertThat(flags.restoreFlag(new FlagRestore(TARGET, previous, "true")))
        .isEqualTo(new UndoResult(UndoOutcome.RESTORED, "\"true\""));
    assertThat(stub.deployments.get(3)).as("a new version with the flag as it was").startsWith("3", AppConfigFlags.STRATEGY);
    assertThat(flags.captureFlag(TARGET).value()).isEqualTo("false");
    assertThat(new ObjectMapper().readTree(stub.liveContent())).isEqualTo(new ObjectMapper().readTree(BEFORE));
  }

  @Test
  void givenAnotherProfileOfTheEnvironmentWasDeployedLast_theFlagIsReadFromItsOwnProfilesLiveVersion() {
    stub.live(BEFORE);
    stub.live("{\"version\":\"1\",\"flags\":{\"seed\":{\"name\":\"seed\"}},\"values\":{\"seed\":{\"enabled\":false}}}");
    // The other profile: its version 3, deployed last, is not a version of ours (we have two).
    stub.live(AppConfigStub.OTHER_PROFILE, "{\"version\":\"1\",\"flags\":{},\"values\":{}}");
    stub.live(AppConfigStub.OTHER_PROFILE, "{\"version\":\"1\",\"flags\":{},\"values\":{}}");
    stub.live(AppConfigStub.OTHER_PROFILE, "{\"version\":\"1\",\"flags\":{\"new-checkout\":{\"name\":\"new-checkout\"}},"
        + "\"values\":{\"new-checkout\":{\"enabled\":true}}}");

    assertThat(flags.captureFlag(TARGET)).as("our profile's version 2 has no new-checkout")
        .isEqualTo(FlagValue.absent().withRevision("2"));

    flags.setFlag(new FlagWrite(TARGET, "true"));
    assertThat(stub.versions).hasSize(3);
    assertThat(stub.versions.get(2)).as("built on our live version 2").contains("seed").doesNotContain("dark-mode");
  }

  @Test
  void givenAnotherFlagWasToggledDuringTheBake_restoringPutsBackOnlyTheReleasesFlag() throws Exception {
    stub.live(BEFORE);
    FlagValue previous = flags.captureFlag(TARGET);
    flags.setFlag(new FlagWrite(TARGET, "true"));
    // During the flag's bake someone turns dark-mode off, in the same document.
    stub.live("{\"version\":\"1\",\"flags\":{\"new-checkout\":{\"name\":\"new-checkout\"},"
        + "\"dark-mode\":{\"name\":\"dark-mode\"}},\"values\":{\"new-checkout\":{\"enabled\":true},"
        + "\"dark-mode\":{\"enabled\":false}}}");

    assertThat(flags.restoreFlag(new FlagRestore(TARGET, previous, "true")).outcome()).isEqualTo(UndoOutcome.RESTORED);

    var live = new ObjectMapper().readTree(stub.liveContent());
    assertThat(live.path("values").path("new-checkout").path("enabled").asBoolean()).as("ours is back").isFalse();
    assertThat(live.path("values").path("dark-mode").path("enabled").isBoolean()).isTrue();
    assertThat(live.path("values").path("dark-mode").path("enabled").asBoolean()).as("theirs kept").isFalse();
  }

  @Test
  void givenTheFlagDidNotExistBeforeTheRelease_restoringRemovesItAndKeepsTheOtherFlags() throws Exception {
    stub.live("{\"version\":\"1\",\"flags\":{\"dark-mode\":{\"name\":\"dark-mode\"}},"
        + "\"values\":{\"dark-mode\":{\"enabled\":true}}}");
    FlagValue previous = flags.captureFlag(TARGET);
    assertThat(previous.exists()).isFalse();
    flags.setFlag(new FlagWrite(TARGET, "true"));

    assertThat(flags.restoreFlag(new FlagRestore(TARGET, previous, "true")).outcome()).isEqualTo(UndoOutcome.RESTORED);

    var live = new ObjectMapper().readTree(stub.liveContent());
    assertThat(live.path("flags").has("new-checkout")).isFalse();
    assertThat(live.path("values").has("new-checkout")).isFalse();
    assertThat(live.path("values").path("dark-mode").path("enabled").asBoolean()).isTrue();
    assertThat(flags.captureFlag(TARGET).exists()).isFalse();
  }

  @ParameterizedTest(name = "value {0}")
  @ValueSource(strings = {"enabled", "yes", "1", "on"})
  void givenAValueThatIsNotABoolean_settingItIsRefusedAndNothingIsDeployed(String value) {
    stub.live(BEFORE);
    int deployments = stub.deployments.size();
    assertThatThrownBy(() -> flags.setFlag(new FlagWrite(TARGET, value)))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("INVALID_REQUEST");
          assertThat(f.isNonRetryable()).isTrue();
        });
    assertThat(stub.deployments).hasSize(deployments);
    assertThat(stub.requests).noneMatch(r -> r.startsWith("POST"));
  }

  @Test
  void givenTrueInCapitals_itIsDeployedAsTheBooleanTrue() throws Exception {
    stub.live(BEFORE);
    flags.setFlag(new FlagWrite(TARGET, "TRUE"));
    assertThat(new ObjectMapper().readTree(stub.liveContent()).path("values").path("new-checkout").path("enabled").isBoolean())
        .isTrue();
    assertThat(flags.captureFlag(TARGET).value()).isEqualTo("true");
  }

  @Test
  void givenTheFlagAlreadyHoldsItsPreviousValue_whenRestored_nothingIsDeployed() {
    stub.live(BEFORE);
    int deployments = stub.deployments.size();
    assertThat(flags.restoreFlag(new FlagRestore(TARGET, FlagValue.of("false").withRevision("1"), "true")))
        .isEqualTo(new UndoResult(UndoOutcome.UNCHANGED, "\"false\""));
    assertThat(stub.deployments).hasSize(deployments);
    assertThat(stub.requests).noneMatch(r -> r.startsWith("POST"));
  }

  @Test
  void givenSomeoneRemovedTheFlagAfterTheRelease_whenRestored_itIsLeftAloneAndReportedDrifted() {
    stub.live(BEFORE);
    FlagValue previous = flags.captureFlag(TARGET);
    flags.setFlag(new FlagWrite(TARGET, "true"));
    // Someone deploys a configuration without the flag's value.
    stub.live("{\"version\":\"1\",\"flags\":{\"dark-mode\":{\"name\":\"dark-mode\"}},"
        + "\"values\":{\"dark-mode\":{\"enabled\":true}}}");
    int deployments = stub.deployments.size();
    assertThat(flags.restoreFlag(new FlagRestore(TARGET, previous, "true")))
        .isEqualTo(new UndoResult(UndoOutcome.DRIFTED, "(absent)"));
    assertThat(stub.deployments).as("nothing deployed").hasSize(deployments);
  }

  @Test
  void aMissingEnvironmentFailsNonRetryablyNamingIt() {
    FlagLocation wrong = new FlagLocation(EAST, null, new AppConfigFlagLocation("payments", "staging", "flags", "x"));
    assertThatThrownBy(() -> flags.captureFlag(wrong))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("NOT_FOUND");
          assertThat(f.getOriginalMessage()).contains("environment staging").contains("us-east-1");
        });
    assertThat(stub.requests).noneMatch(r -> r.startsWith("POST"));
  }
}
