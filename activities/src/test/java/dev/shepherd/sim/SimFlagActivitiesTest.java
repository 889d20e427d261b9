package dev.shepherd.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.cloud.FlagRestore;
import dev.shepherd.cloud.FlagLocation;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.cloud.FlagWrite;
import dev.shepherd.cloud.UndoOutcome;
import dev.shepherd.cloud.UndoResult;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.AppConfigFlagLocation;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.SsmFlagLocation;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated flag undo: restore only what the release wrote. */
class SimFlagActivitiesTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final FlagLocation FLAG = new FlagLocation(EAST, new SsmFlagLocation("/payments/flags/new-checkout"), null);

  private final SimulatedCloud cloud = new SimulatedCloud();
  private final SimFlagActivities flags = new SimFlagActivities(cloud);

  @Test
  void givenTheFlagHoldsWhatTheReleaseWrote_itIsPutBack() {
    cloud.putFlag(FLAG, "false");
    FlagValue previous = flags.captureFlag(FLAG);
    flags.setFlag(new FlagWrite(FLAG, "true"));
    assertThat(flags.restoreFlag(new FlagRestore(FLAG, previous, "true")))
        .isEqualTo(new UndoResult(UndoOutcome.RESTORED, "\"true\""));
    assertThat(cloud.flag(FLAG)).isEqualTo(FlagValue.of("false"));
    assertThat(ops()).contains("RESTORE_FLAG us-east-1");
  }

  @Test
  void givenAnAppConfigFlagValueThatIsNotABoolean_settingItIsRefusedAndNothingIsWritten() {
    FlagLocation appConfig = new FlagLocation(EAST, null, new AppConfigFlagLocation("payments", "prod", "flags", "new-checkout"));
    assertThatThrownBy(() -> flags.setFlag(new FlagWrite(appConfig, "enabled")))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureType.INVALID_REQUEST.name());
          assertThat(f.isNonRetryable()).isTrue();
        });
    assertThat(cloud.flag(appConfig).exists()).isFalse();
  }

  @Test
  void givenTheFlagDidNotExistBefore_itIsDeleted() {
    flags.setFlag(new FlagWrite(FLAG, "true"));
    assertThat(flags.restoreFlag(new FlagRestore(FLAG, FlagValue.absent(), "true")).outcome())
        .isEqualTo(UndoOutcome.RESTORED);
    assertThat(cloud.flag(FLAG)).isEqualTo(FlagValue.absent());
  }

  @Test
  void givenTheFlagIsAlreadyBack_nothingIsWritten() {
    cloud.putFlag(FLAG, "false");
    assertThat(flags.restoreFlag(new FlagRestore(FLAG, FlagValue.of("false"), "true")))
        .isEqualTo(new UndoResult(UndoOutcome.UNCHANGED, "\"false\""));
    assertThat(ops()).contains("RESTORE_FLAG_SKIPPED us-east-1").doesNotContain("RESTORE_FLAG us-east-1");
  }

  @Test
  void givenSomeoneChangedTheFlag_itIsLeftAloneAndReportedDrifted() {
    flags.setFlag(new FlagWrite(FLAG, "true"));
    cloud.putFlag(FLAG, "only-for-beta");
    assertThat(flags.restoreFlag(new FlagRestore(FLAG, FlagValue.of("false"), "true")))
        .isEqualTo(new UndoResult(UndoOutcome.DRIFTED, "\"only-for-beta\""));
    assertThat(cloud.flag(FLAG)).isEqualTo(FlagValue.of("only-for-beta"));
    assertThat(ops()).doesNotContain("RESTORE_FLAG us-east-1");
  }

  @Test
  void givenSomeoneDeletedTheFlag_itIsNotRecreated() {
    cloud.putFlag(FLAG, "false");
    flags.setFlag(new FlagWrite(FLAG, "true"));
    cloud.deleteFlag(FLAG);
    assertThat(flags.restoreFlag(new FlagRestore(FLAG, FlagValue.of("false"), "true")))
        .isEqualTo(new UndoResult(UndoOutcome.DRIFTED, "(absent)"));
    assertThat(cloud.flag(FLAG)).isEqualTo(FlagValue.absent());
  }

  private List<String> ops() {
    return cloud.operations().stream().map(op -> op.call() + (op.region() != null ? " " + op.region() : "")).toList();
  }
}
