package dev.shepherd.aws;

import dev.shepherd.cloud.FlagActivities;
import dev.shepherd.cloud.FlagRestore;
import dev.shepherd.cloud.FlagTarget;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.cloud.FlagWrite;

/** Flags in SSM Parameter Store or AppConfig, whichever the target names. Setting a value twice is harmless. */
public final class AwsFlagActivities implements FlagActivities {

  private final SsmFlags ssm;
  private final AppConfigFlags appConfig;

  public AwsFlagActivities(AwsClients aws) {
    this.ssm = new SsmFlags(aws);
    this.appConfig = new AppConfigFlags(aws);
  }

  @Override
  public FlagValue captureFlag(FlagTarget target) {
    return target.ssm() != null ? ssm.read(target) : appConfig.read(target);
  }

  @Override
  public FlagValue setFlag(FlagWrite write) {
    FlagValue value = FlagValue.of(write.value());
    return write.target().ssm() != null ? ssm.write(write.target(), value) : appConfig.write(write.target(), value);
  }

  @Override
  public dev.shepherd.cloud.UndoResult restoreFlag(FlagRestore restore) {
    FlagTarget t = restore.target();
    FlagValue v = t.ssm() != null ? ssm.write(t, restore.previous()) : appConfig.write(t, restore.previous());
    return new dev.shepherd.cloud.UndoResult(dev.shepherd.cloud.UndoOutcome.RESTORED, v.toString());
  }
}
