package dev.shepherd.sim;

import dev.shepherd.cloud.FlagLocation;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.cloud.UndoOutcome;
import dev.shepherd.cloud.UndoResult;
import dev.shepherd.provider.FlagUndo;
import dev.shepherd.spec.AppConfigFlagLocation;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** The flags of a {@link SimulatedCloud}: SSM parameters and AppConfig flags, by region. Thread-safe. */
final class SimFlags {

  private final Map<String, String> flags = new HashMap<>();

  synchronized void put(FlagLocation target, String value) {
    flags.put(flagKey(target), value);
  }

  synchronized void delete(FlagLocation target) {
    flags.remove(flagKey(target));
  }

  synchronized FlagValue flag(FlagLocation target) {
    String v = flags.get(flagKey(target));
    return v == null ? FlagValue.absent() : FlagValue.of(v);
  }

  /**
   * Puts a flag back to {@code previous} if it still holds {@code written}, in one call (see {@link
   * FlagUndo#decide}).
   *
   * @return what was done, and the value found
   */
  synchronized UndoResult restoreFlag(FlagLocation target, FlagValue previous, String written) {
    FlagValue found = flag(target);
    UndoOutcome outcome = FlagUndo.decide(found, previous, written);
    if (outcome == UndoOutcome.RESTORED) {
      writeFlag(target, previous);
    }
    return new UndoResult(outcome, found.toString());
  }

  synchronized void writeFlag(FlagLocation target, FlagValue value) {
    if (value.exists()) {
      flags.put(flagKey(target), value.value());
    } else {
      flags.remove(flagKey(target));
    }
  }

  private static String flagKey(FlagLocation t) {
    AppConfigFlagLocation a = t.appconfig();
    String what = t.ssm() != null ? "ssm:" + t.ssm().parameter()
        : "appconfig:" + a.application() + "/" + a.environment() + "/" + a.profile() + "#" + a.flag();
    return Objects.toString(t.region()) + "|" + what;
  }
}
