package dev.shepherd.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.cloud.FlagActivities;
import dev.shepherd.cloud.FlagRestore;
import dev.shepherd.cloud.FlagLocation;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.cloud.FlagWrite;
import dev.shepherd.cloud.UndoOutcome;
import dev.shepherd.cloud.UndoResult;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.SsmFlagLocation;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The SSM Parameter Store flag against moto. */
class SsmFlagsTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final String PARAMETER = "/payments/flags/new-checkout";
  private static final FlagLocation TARGET = new FlagLocation(EAST, new SsmFlagLocation(PARAMETER), null);

  private AwsFixtures fixtures;
  private TestActivityEnvironment env;
  private FlagActivities flags;

  @BeforeEach
  void setUp() {
    fixtures = new AwsFixtures();
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new AwsFlagActivities(fixtures.aws));
    flags = env.newActivityStub(FlagActivities.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
  }

  @AfterEach
  void tearDown() {
    env.close();
    fixtures.close();
  }

  @Test
  void aFlagThatExistedIsSetAndThenRestoredToItsPreviousValue() {
    fixtures.aws.ssm(EAST).putParameter(r -> r.name(PARAMETER).value("false").type(ParameterType.STRING));
    FlagValue previous = flags.captureFlag(TARGET);
    assertThat(previous).isEqualTo(FlagValue.of("false"));
    flags.setFlag(new FlagWrite(TARGET, "true"));
    assertThat(parameter()).isEqualTo("true");
    UndoResult undo = flags.restoreFlag(new FlagRestore(TARGET, previous, "true"));
    assertThat(undo).isEqualTo(new UndoResult(UndoOutcome.RESTORED, "\"true\""));
    assertThat(parameter()).isEqualTo("false");
  }

  @Test
  void aFlagThatDidNotExistIsDeletedOnRestore() {
    FlagValue previous = flags.captureFlag(TARGET);
    assertThat(previous).isEqualTo(FlagValue.absent());
    flags.setFlag(new FlagWrite(TARGET, "true"));
    assertThat(parameter()).isEqualTo("true");
    assertThat(flags.restoreFlag(new FlagRestore(TARGET, previous, "true")).outcome()).isEqualTo(UndoOutcome.RESTORED);
    assertThat(parameter()).as("deleted").isNull();
    // Restoring again (a retried compensation) finds it gone already.
    assertThat(flags.restoreFlag(new FlagRestore(TARGET, previous, "true")))
        .isEqualTo(new UndoResult(UndoOutcome.UNCHANGED, "(absent)"));
    assertThat(parameter()).isNull();
  }

  @Test
  void givenTheFlagStillHoldsItsPreviousValue_whenRestored_itIsUnchangedAndNotWritten() {
    fixtures.aws.ssm(EAST).putParameter(r -> r.name(PARAMETER).value("false").type(ParameterType.STRING));
    long version = parameterVersion();
    UndoResult undo = flags.restoreFlag(new FlagRestore(TARGET, FlagValue.of("false"), "true"));
    assertThat(undo).isEqualTo(new UndoResult(UndoOutcome.UNCHANGED, "\"false\""));
    assertThat(parameter()).isEqualTo("false");
    assertThat(parameterVersion()).as("no write").isEqualTo(version);
  }

  @Test
  void givenSomeoneChangedTheFlagAfterTheRelease_whenRestored_itIsLeftAloneAndReportedDrifted() {
    flags.setFlag(new FlagWrite(TARGET, "true"));
    fixtures.aws.ssm(EAST).putParameter(r -> r.name(PARAMETER).value("half").type(ParameterType.STRING).overwrite(true));
    UndoResult undo = flags.restoreFlag(new FlagRestore(TARGET, FlagValue.of("false"), "true"));
    assertThat(undo).isEqualTo(new UndoResult(UndoOutcome.DRIFTED, "\"half\""));
    assertThat(parameter()).isEqualTo("half");
  }

  @Test
  void givenSomeoneDeletedTheFlagTheReleaseCreated_whenRestored_itIsUnchanged() {
    flags.setFlag(new FlagWrite(TARGET, "true"));
    fixtures.aws.ssm(EAST).deleteParameter(r -> r.name(PARAMETER));
    assertThat(flags.restoreFlag(new FlagRestore(TARGET, FlagValue.absent(), "true")).outcome())
        .isEqualTo(UndoOutcome.UNCHANGED);
    assertThat(parameter()).isNull();
  }

  @Test
  void givenSomeoneDeletedAFlagThatExistedBefore_whenRestored_itIsReportedDriftedAndNotRecreated() {
    fixtures.aws.ssm(EAST).putParameter(r -> r.name(PARAMETER).value("false").type(ParameterType.STRING));
    flags.setFlag(new FlagWrite(TARGET, "true"));
    fixtures.aws.ssm(EAST).deleteParameter(r -> r.name(PARAMETER));
    assertThat(flags.restoreFlag(new FlagRestore(TARGET, FlagValue.of("false"), "true")))
        .isEqualTo(new UndoResult(UndoOutcome.DRIFTED, "(absent)"));
    assertThat(parameter()).isNull();
  }

  @Test
  void givenTheFlagIsASecureString_captureRefusesItWithoutReturningOrNamingItsValue() {
    fixtures.aws.ssm(EAST).putParameter(r -> r.name(PARAMETER).value("s3cr3t-token").type(ParameterType.SECURE_STRING));
    assertRefusedAsASecret(() -> flags.captureFlag(TARGET));
  }

  @Test
  void givenTheFlagBecameASecureStringAfterPreflight_settingAndRestoringRefuseAndLeaveTheSecretAlone() {
    fixtures.aws.ssm(EAST).putParameter(r -> r.name(PARAMETER).value("s3cr3t-token").type(ParameterType.SECURE_STRING));
    assertRefusedAsASecret(() -> flags.setFlag(new FlagWrite(TARGET, "true")));
    assertRefusedAsASecret(() -> flags.restoreFlag(new FlagRestore(TARGET, FlagValue.absent(), "s3cr3t-token")));
    var stored = fixtures.aws.ssm(EAST).getParameter(r -> r.name(PARAMETER).withDecryption(true)).parameter();
    assertThat(stored.type()).isEqualTo(ParameterType.SECURE_STRING);
    assertThat(stored.value()).isEqualTo("s3cr3t-token");
    assertThat(stored.version()).as("never written").isEqualTo(1L);
  }

  @Test
  void theFlagIsRegional() {
    flags.setFlag(new FlagWrite(TARGET, "true"));
    FlagLocation west = new FlagLocation(Region.of("eu-west-1"), new SsmFlagLocation(PARAMETER), null);
    assertThat(flags.captureFlag(west)).isEqualTo(FlagValue.absent());
  }

  private static void assertRefusedAsASecret(ThrowingCallable call) {
    assertThatThrownBy(call).cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      assertThat(f.getType()).isEqualTo("INVALID_REQUEST");
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getOriginalMessage()).contains(PARAMETER).contains("us-east-1").doesNotContain("s3cr3t");
    });
  }

  private long parameterVersion() {
    return fixtures.aws.ssm(EAST).getParameter(r -> r.name(PARAMETER)).parameter().version();
  }

  private String parameter() {
    try {
      return fixtures.aws.ssm(EAST).getParameter(r -> r.name(PARAMETER)).parameter().value();
    } catch (ParameterNotFoundException e) {
      return null;
    }
  }
}
