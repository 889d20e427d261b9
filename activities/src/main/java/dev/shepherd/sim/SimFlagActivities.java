package dev.shepherd.sim;

import dev.shepherd.cloud.FlagActivities;
import dev.shepherd.cloud.FlagRestore;
import dev.shepherd.cloud.FlagTarget;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.cloud.FlagWrite;

/** Flags in the simulated cloud. */
public final class SimFlagActivities implements FlagActivities {

  private final SimulatedCloud cloud;

  public SimFlagActivities(SimulatedCloud cloud) {
    this.cloud = cloud;
  }

  @Override
  public FlagValue captureFlag(FlagTarget target) {
    cloud.pause();
    cloud.check(Step.CAPTURE_FLAG, target.region());
    FlagValue v = cloud.flag(target);
    cloud.record(Step.CAPTURE_FLAG, target.region(), v.toString());
    return v;
  }

  @Override
  public FlagValue setFlag(FlagWrite write) {
    cloud.pause();
    cloud.check(Step.SET_FLAG, write.target().region());
    cloud.writeFlag(write.target(), FlagValue.of(write.value()));
    cloud.record(Step.SET_FLAG, write.target().region(), "\"" + write.value() + "\"");
    return FlagValue.of(write.value());
  }

  @Override
  public dev.shepherd.cloud.UndoResult restoreFlag(FlagRestore restore) {
    cloud.pause();
    cloud.check(Step.RESTORE_FLAG, restore.target().region());
    cloud.writeFlag(restore.target(), restore.previous());
    cloud.record(Step.RESTORE_FLAG, restore.target().region(), restore.previous().toString());
    return new dev.shepherd.cloud.UndoResult(dev.shepherd.cloud.UndoOutcome.RESTORED, restore.previous().toString());
  }
}
