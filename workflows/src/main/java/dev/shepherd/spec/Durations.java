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

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @return the duration, or empty when the text is not one (negative durations are returned as
   *     such, so that the caller can say "must not be negative" rather than "not a duration")
   */
  public static Optional<Duration> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim();
    boolean negative = t.startsWith("-");
    if (negative) {
      t = t.substring(1);
    }
    if (t.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    Duration d;
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        d = Duration.parse(t);
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    } else {
      if (!WHOLE.matcher(t).matches()) {
        return Optional.empty();
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
        return Optional.empty();
      }
    }
    return Optional.of(negative ? d.negated() : d);
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
