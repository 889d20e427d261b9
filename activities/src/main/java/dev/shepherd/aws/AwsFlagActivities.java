package dev.shepherd.aws;

import dev.shepherd.cloud.FlagActivities;
import dev.shepherd.cloud.FlagRestore;
import dev.shepherd.cloud.FlagLocation;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.cloud.FlagWrite;
import dev.shepherd.cloud.UndoOutcome;
import dev.shepherd.cloud.UndoResult;
import dev.shepherd.provider.FlagUndo;
import dev.shepherd.spec.AppConfigFlagLocation;
import java.util.Locale;

/** Flags in SSM Parameter Store or AppConfig, whichever the target names. Setting a value twice is harmless. */
public final class AwsFlagActivities implements FlagActivities {

  private final SsmFlags ssm;
  private final AppConfigFlags appConfig;

  public AwsFlagActivities(AwsClients aws) {
    this.ssm = new SsmFlags(aws);
    this.appConfig = new AppConfigFlags(aws);
  }

  @Override
  public FlagValue captureFlag(FlagLocation target) {
    return read(target);
  }

  @Override
  public FlagValue setFlag(FlagWrite write) {
    return write(write.target(), FlagValue.of(write.value()));
  }

  /**
   * Reads the flag, and writes the previous value back (or deletes the flag) only if it still holds what
   * the release wrote. Neither store can make the write conditional, so a change to this flag landing
   * between the read and the write is overwritten; the window is one SSM call wide, or for AppConfig the
   * few calls between reading the live document and starting its deployment. An AppConfig restore changes
   * only this flag in the document live then, so other flags changed in the meantime keep their values.
   */
  @Override
  public UndoResult restoreFlag(FlagRestore restore) {
    FlagLocation t = restore.target();
    FlagValue previous = restore.previous() == null ? FlagValue.absent() : restore.previous();
    FlagValue found = read(t);
    // AppConfig keeps a flag's value as a boolean: "TRUE" written reads back as "true". A value that is no
    // boolean was refused when set, so it was never written and stays as it is: nothing can hold it.
    String written = t.appconfig() != null && AppConfigFlagLocation.isEnabledValue(restore.written())
        ? restore.written().toLowerCase(Locale.ROOT) : restore.written();
    UndoOutcome outcome = FlagUndo.decide(found, previous, written);
    if (outcome == UndoOutcome.RESTORED) {
      write(t, previous);
    }
    return new UndoResult(outcome, found.toString());
  }

  private FlagValue read(FlagLocation t) {
    return t.ssm() != null ? ssm.read(t) : appConfig.read(t);
  }

  private FlagValue write(FlagLocation t, FlagValue value) {
    return t.ssm() != null ? ssm.write(t, value) : appConfig.write(t, value);
  }
}
