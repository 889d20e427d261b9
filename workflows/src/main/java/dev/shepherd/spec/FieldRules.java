package dev.shepherd.spec;

import static dev.shepherd.spec.SpecValidator.tooLong;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The checks of a single field that every section shares: a name, a region, a duration in its bounds, a blank.
 * Stateless, as it runs in workflow code.
 */
final class FieldRules {

  /** An application's or a wave's name. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private FieldRules() {}

  /** Reports an unknown region; a null region is fine here (the field is optional). */
  static boolean region(List<SpecProblem> out, String path, Region region) {
    if (region == null) {
      return false;
    }
    if (!region.isKnown()) {
      out.add(new SpecProblem(path, "\"" + region.code() + "\" is not an AWS region"));
      return false;
    }
    return true;
  }

  static void notNegative(List<SpecProblem> out, String path, Duration d) {
    if (d != null && d.isNegative()) {
      out.add(new SpecProblem(path, Durations.format(d) + " is negative; durations must be zero or more"));
    }
  }

  static void atMost(List<SpecProblem> out, String path, Duration d, Duration max) {
    if (d != null && d.compareTo(max) > 0) {
      out.add(new SpecProblem(path, tooLong(Durations.format(d), max)));
    }
  }

  static void positive(List<SpecProblem> out, String path, Duration d) {
    if (d != null && (d.isNegative() || d.isZero())) {
      out.add(new SpecProblem(path, Durations.format(d) + " must be more than zero"));
    }
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
