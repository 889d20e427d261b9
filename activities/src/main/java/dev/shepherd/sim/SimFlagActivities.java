package dev.shepherd.sim;

import dev.shepherd.cloud.FlagActivities;
import dev.shepherd.cloud.FlagRestore;
import dev.shepherd.cloud.FlagLocation;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.cloud.FlagWrite;
import dev.shepherd.cloud.UndoOutcome;
import dev.shepherd.cloud.UndoResult;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.AppConfigFlagLocation;

/** Flags in the simulated cloud. */
public record SimFlagActivities(SimulatedCloud cloud) implements FlagActivities {

  @Override
  public FlagValue captureFlag(FlagLocation target) {
    cloud.pause();
    cloud.check(CloudCall.CAPTURE_FLAG, target.region());
    FlagValue v = cloud.flag(target);
    cloud.record(CloudCall.CAPTURE_FLAG, target.region(), v.toString());
    return v;
  }

  @Override
  public FlagValue setFlag(FlagWrite write) {
    cloud.pause();
    cloud.check(CloudCall.SET_FLAG, write.target().region());
    if (write.target().appconfig() != null && !AppConfigFlagLocation.isEnabledValue(write.value())) {
      // As the AWS provider: an AppConfig flag's enabled attribute is a boolean.
      throw FailureType.INVALID_REQUEST.failure("\"" + write.value() + "\" cannot be the enabled attribute of "
          + write.target() + "; write true or false");
    }
    cloud.flags().writeFlag(write.target(), FlagValue.of(write.value()));
    cloud.record(CloudCall.SET_FLAG, write.target().region(), "\"" + write.value() + "\"");
    return FlagValue.of(write.value());
  }

  @Override
  public UndoResult restoreFlag(FlagRestore restore) {
    FlagLocation t = restore.target();
    FlagValue previous = restore.previous() == null ? FlagValue.absent() : restore.previous();
    cloud.pause();
    cloud.check(CloudCall.RESTORE_FLAG, t.region());
    UndoResult result = cloud.flags().restoreFlag(t, previous, restore.written());
    if (result.outcome() == UndoOutcome.RESTORED) {
      cloud.record(CloudCall.RESTORE_FLAG, t.region(), previous + " (was " + result.found() + ")");
    } else {
      cloud.record(CloudCall.RESTORE_FLAG_SKIPPED, t.region(), result.outcome().name().toLowerCase() + ": " + result.found());
    }
    return result;
  }
}
