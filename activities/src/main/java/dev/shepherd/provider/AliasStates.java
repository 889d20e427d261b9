package dev.shepherd.provider;

import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.AliasState;
import dev.shepherd.release.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.util.Objects;

/** Comparing and describing where aliases point, the same way in every provider. */
public final class AliasStates {

  private AliasStates() {}

  /**
   * Whether two states send the same traffic to the same versions: the same main version and the same
   * routing (canary version and weight). No routing is the same whether written as a null canary or a
   * 0% one.
   */
  public static boolean same(AliasState a, AliasState b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (!Objects.equals(a.version(), b.version())) {
      return false;
    }
    boolean aRouted = a.canaryVersion() != null && a.canaryPercent() > 0;
    boolean bRouted = b.canaryVersion() != null && b.canaryPercent() > 0;
    if (aRouted != bRouted) {
      return false;
    }
    return !aRouted || (a.canaryVersion().equals(b.canaryVersion()) && a.canaryPercent() == b.canaryPercent());
  }

  /** The state in words, e.g. {@code version 7} or {@code version 1 with 10% on version 2}. */
  public static String describe(AliasState s) {
    if (s == null) {
      return "no alias";
    }
    if (s.canaryVersion() == null || s.canaryPercent() <= 0) {
      return "version " + s.version();
    }
    return "version " + s.version() + " with " + s.canaryPercent() + "% on version " + s.canaryVersion();
  }

  /**
   * The non-retryable {@code ALIAS_MOVED} failure of a step that found the alias somewhere else than
   * where the release left it: someone changed it, and the release stops rather than overwrite that.
   *
   * @param action what the step was about to do, e.g. "route 10% to version 2"
   */
  public static ApplicationFailure moved(AliasRef alias, String action, AliasState expected, AliasState found) {
    return FailureType.ALIAS_MOVED.failure(alias.function() + ":" + alias.alias() + " in " + alias.region()
        + " was moved by someone else: expected " + describe(expected) + ", found " + describe(found)
        + ". The release did not " + action + ", so as not to overwrite that change.");
  }
}
