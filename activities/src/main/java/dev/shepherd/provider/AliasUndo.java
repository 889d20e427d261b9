package dev.shepherd.provider;

import dev.shepherd.cloud.AliasRestoreRequest;
import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.UndoOutcome;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What an alias undo does, decided the same way in every provider from where the alias points now:
 * nothing when it is already back on the rollback target; a write back to the target when it is where
 * this release could have left it; nothing, reported as drifted, when someone else moved it.
 */
public final class AliasUndo {

  private AliasUndo() {}

  /**
   * The outcome for an alias found in {@code found}: {@link UndoOutcome#UNCHANGED} when it already
   * matches the target (version and routing), {@link UndoOutcome#RESTORED} when it should be written
   * back (the caller writes), {@link UndoOutcome#DRIFTED} when it must be left alone.
   *
   * <p>An alias is where the release could have left it when it is on the target version with a canary
   * on one of the release's versions (a canary step), or on one of the release's versions, routed or
   * not (a promotion, or a canary of a later step).
   *
   * @param isReleaseVersion whether a version is one this release published
   */
  public static UndoOutcome decide(AliasState found, AliasState target, Predicate<String> isReleaseVersion) {
    if (AliasStates.same(found, target)) {
      return UndoOutcome.UNCHANGED;
    }
    boolean routed = found.canaryVersion() != null && found.canaryPercent() > 0;
    if (found.version().equals(target.version()) && routed && isReleaseVersion.test(found.canaryVersion())) {
      return UndoOutcome.RESTORED;
    }
    if (!found.version().equals(target.version()) && isReleaseVersion.test(found.version())) {
      return UndoOutcome.RESTORED;
    }
    return UndoOutcome.DRIFTED;
  }

  /**
   * Which versions are the release's: those the request lists; when it lists none (the deployment was
   * cut short before it learned its version), those whose description names the release id. Each
   * description is read at most once.
   *
   * @param description a version's description (Lambda's version description), or null when it has none
   */
  public static Predicate<String> releaseVersions(AliasRestoreRequest request, Function<String, String> description) {
    if (!request.releaseVersions().isEmpty()) {
      return request.releaseVersions()::contains;
    }
    String releaseId = request.releaseId();
    if (releaseId == null || releaseId.isBlank()) {
      return v -> false;
    }
    Map<String, Boolean> seen = new HashMap<>();
    return version -> {
      if (version == null || "$LATEST".equals(version)) {
        return false;
      }
      return seen.computeIfAbsent(version, v -> {
        return namesRelease(description.apply(v), releaseId);
      });
    };
  }

  /**
   * Whether a version's description names the release: its id as a whole word, so that
   * {@code release/app/1.4} is not taken for {@code release/app/1.4.5}.
   */
  public static boolean namesRelease(String description, String releaseId) {
    if (description == null || releaseId == null || releaseId.isBlank()) {
      return false;
    }
    for (String word : description.split("[\\s()\\[\\],;]+")) {
      if (word.equals(releaseId)) {
        return true;
      }
    }
    return false;
  }
}
