package dev.shepherd.spec;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in specs: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 2d}, {@code
 * 250ms}, or ISO-8601 ({@code PT5M}).
 */
public final class Durations {

  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  /**
   * The longest duration {@link #parse} accepts, either sign: 100 years. Anything longer is a typo, and
   * would overflow arithmetic in nanoseconds (which ends at 292 years) wherever it is used.
   */
  public static final Duration MAX = Duration.ofDays(36_500);

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @return the duration, or empty when the text is not one or is longer than {@link #MAX} (see {@link
   *     #isTooLong}); negative durations are returned as such, so that the caller can say "must not be
   *     negative" rather than "not a duration"
   */
  public static Optional<Duration> parse(String text) {
    Parsed p = parseUnbounded(text);
    return p.value() == null || p.tooLong() ? Optional.empty() : Optional.of(p.value());
  }

  /**
   * Whether the text is written as a duration but {@link #parse} refuses it for its size: longer than
   * {@link #MAX}, or too long to compute at all (e.g. {@code 99999999999999999999d}).
   */
  public static boolean isTooLong(String text) {
    return parseUnbounded(text).tooLong();
  }

  /** A duration as written (null when it is not one), and whether it is beyond {@link #MAX}. */
  private record Parsed(Duration value, boolean tooLong) {
    static final Parsed NONE = new Parsed(null, false);
    static final Parsed OVERFLOW = new Parsed(null, true);
  }

  private static Parsed parseUnbounded(String text) {
    if (text == null) {
      return Parsed.NONE;
    }
    String t = text.trim();
    boolean negative = t.startsWith("-");
    if (negative) {
      t = t.substring(1);
    }
    if (t.equals("0")) {
      return new Parsed(Duration.ZERO, false);
    }
    Duration d;
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        d = Duration.parse(t);
      } catch (DateTimeParseException e) {
        // The JDK wraps a number too large for a long, or a total too large for a Duration.
        return e.getCause() instanceof ArithmeticException || e.getCause() instanceof NumberFormatException
            ? Parsed.OVERFLOW : Parsed.NONE;
      }
    } else {
      if (!WHOLE.matcher(t).matches()) {
        return Parsed.NONE;
      }
      d = Duration.ZERO;
      Matcher m = PART.matcher(t);
      try {
        while (m.find()) {
          long n = Long.parseLong(m.group(1));
          d = d.plus(switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          });
        }
      } catch (ArithmeticException | NumberFormatException e) {
        // Only digits get here: the number is too large for a long, or the total for a Duration.
        return Parsed.OVERFLOW;
      }
    }
    if (d.isNegative() ? d.compareTo(MAX.negated()) < 0 : d.compareTo(MAX) > 0) {
      return Parsed.OVERFLOW;
    }
    return new Parsed(negative ? d.negated() : d, false);
  }

  /** Formats a duration the way specs write it: {@code 1h30m}, {@code 45s}, {@code 0s}. */
  public static String format(Duration d) {
    if (d == null) {
      return "-";
    }
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (d.isNegative()) {
      sb.append('-');
      d = d.negated();
    }
    long days = d.toDays();
    int hours = d.toHoursPart();
    int minutes = d.toMinutesPart();
    int seconds = d.toSecondsPart();
    int millis = d.toMillisPart();
    if (days > 0) sb.append(days).append('d');
    if (hours > 0) sb.append(hours).append('h');
    if (minutes > 0) sb.append(minutes).append('m');
    if (seconds > 0) sb.append(seconds).append('s');
    if (millis > 0) sb.append(millis).append("ms");
    return sb.toString();
  }
}
