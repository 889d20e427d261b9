package dev.shepherd.provider;

import dev.shepherd.cloud.FlagValue;
import dev.shepherd.cloud.UndoOutcome;
import java.util.Objects;

/**
 * What a flag undo does, decided the same way in every provider from the flag's current value: nothing
 * when it already holds the previous value; a write of the previous value (or a delete) when it still
 * holds what the release wrote; nothing, reported as drifted, when someone else changed it.
 */
public final class FlagUndo {

  private FlagUndo() {}

  /**
   * The outcome for a flag found holding {@code found}: {@link UndoOutcome#UNCHANGED} when it equals
   * {@code previous} (the same value, or both absent), {@link UndoOutcome#RESTORED} when it holds
   * {@code written} (the caller writes), {@link UndoOutcome#DRIFTED} otherwise. Revisions are not
   * compared: only what the flag says matters.
   */
  public static UndoOutcome decide(FlagValue found, FlagValue previous, String written) {
    FlagValue before = previous == null ? FlagValue.absent() : previous;
    if (sameValue(found, before)) {
      return UndoOutcome.UNCHANGED;
    }
    if (found.exists() && Objects.equals(found.value(), written)) {
      return UndoOutcome.RESTORED;
    }
    return UndoOutcome.DRIFTED;
  }

  private static boolean sameValue(FlagValue a, FlagValue b) {
    return a.exists() == b.exists() && (!a.exists() || Objects.equals(a.value(), b.value()));
  }
}
