package dev.shepherd.worker.reading;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** The known key an unknown one was probably meant to be: {@code aprovers} is {@code approvers}. */
public final class KeySuggestion {

  /**
   * One edit at most (a letter missing, extra or changed), ignoring case: close enough to be a slip of the
   * finger, not so loose that an unrelated short key is offered.
   */
  private static final LevenshteinDistance ONE_EDIT = new LevenshteinDistance(1);

  private KeySuggestion() {}

  /** The first known key, in the order given, at the smallest distance from {@code key}; empty when none is close. */
  public static Optional<String> nearest(String key, List<String> known) {
    String typed = key.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = ONE_EDIT.apply(typed, candidate.toLowerCase(Locale.ROOT));
      if (d >= 0 && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }
}
