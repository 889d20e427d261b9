package dev.shepherd.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times for people: durations as {@code 3m12s} or {@code 71h58m}, instants to the second in the clock's zone,
 * and countdowns. JSON keeps the exact instants; only text output goes through here.
 */
final class HumanTime {

  /** An ISO-8601 instant as the workflow writes one into its words, e.g. {@code 2026-11-26T08:26:19.299Z}. */
  private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?Z");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private HumanTime() {}

  /**
   * A duration in its two largest units: {@code 42s}, {@code 3m05s}, {@code 1h02m}, {@code 71h58m}, {@code 4d03h}
   * (days from 100 hours on). Negative durations are 0s: a deadline just passed.
   */
  static String duration(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    long hours = s / 3600;
    if (hours < 100) {
      return String.format("%dh%02dm", hours, (s % 3600) / 60);
    }
    return String.format("%dd%02dh", hours / 24, hours % 24);
  }

  /** What is left until a deadline, rounded up to the second (a bake of 5m just begun has 5m00s left). */
  static String left(Instant now, Instant deadline) {
    Duration d = Duration.between(now, deadline);
    if (d.getNano() > 0) {
      d = d.plusSeconds(1).withNanos(0);
    }
    return duration(d);
  }

  /** The time between two instants, rounded down to the second. */
  static String between(Instant from, Instant to) {
    return duration(Duration.between(from, to));
  }

  /** An instant to the second, with its date only when it is not today in the zone. */
  static String at(Instant instant, Instant now, ZoneId zone) {
    ZonedDateTime t = instant.atZone(zone);
    return t.toLocalDate().equals(now.atZone(zone).toLocalDate()) ? TIME.format(t) : DATE_TIME.format(t);
  }

  /** An instant to the second, with its date and zone: the one place a reader learns which zone times are in. */
  static String full(Instant instant, ZoneId zone) {
    return DATE_TIME.format(instant.atZone(zone)) + " " + zoneName(zone, instant);
  }

  private static String zoneName(ZoneId zone, Instant at) {
    ZoneOffset offset = zone.getRules().getOffset(at);
    return offset.getTotalSeconds() == 0 ? "UTC" : offset.getId();
  }

  /**
   * The workflow's own words with each instant in them made readable: {@code baking until
   * 2026-11-26T08:26:19.299Z} becomes {@code baking until 08:26:19 (in 3m12s)}.
   */
  static String inProse(String text, Instant now, ZoneId zone) {
    if (text == null) {
      return null;
    }
    Matcher m = INSTANT.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String readable;
      try {
        Instant t = Instant.parse(m.group());
        readable = at(t, now, zone) + (t.isAfter(now) ? " (in " + left(now, t) + ")"
            : " (" + between(t, now) + " ago)");
      } catch (DateTimeParseException notAnInstant) {
        readable = m.group();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(readable));
    }
    m.appendTail(out);
    return out.toString();
  }
}
