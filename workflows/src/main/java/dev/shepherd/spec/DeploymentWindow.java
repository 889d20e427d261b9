package dev.shepherd.spec;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A recurring window in which waves may start, written {@code "Mon-Fri 09:00-17:00 Europe/Dublin"}.
 * Days are a range ({@code Mon-Fri}), a list ({@code Mon,Wed,Fri}), a single day, or {@code Daily}. A
 * window whose end is before its start runs past midnight ({@code 22:00-02:00}). Pure computation: safe
 * to use in workflow code with workflow time.
 */
public record DeploymentWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {

  private static final List<String> DAY_NAMES =
      List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  /**
   * Parses a window.
   *
   * @throws IllegalArgumentException with a message that says what is wrong with the text
   */
  public static DeploymentWindow parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("window is empty; expected e.g. \"Mon-Fri 09:00-17:00 Europe/Dublin\"");
    }
    String[] parts = text.trim().split("\\s+");
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a window; expected DAYS HH:MM-HH:MM ZONE, e.g. \"Mon-Fri 09:00-17:00 Europe/Dublin\"");
    }
    Set<DayOfWeek> days = parseDays(parts[0]);
    String[] times = parts[1].split("-");
    if (times.length != 2) {
      throw new IllegalArgumentException("\"" + parts[1] + "\" is not a time range; expected HH:MM-HH:MM");
    }
    LocalTime start = parseTime(times[0]);
    LocalTime end = parseTime(times[1]);
    if (start.equals(end)) {
      throw new IllegalArgumentException("window \"" + parts[1] + "\" starts and ends at the same time");
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(parts[2]);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("\"" + parts[2] + "\" is not a known time zone (use an IANA name such as Europe/Dublin)");
    }
    return new DeploymentWindow(days, start, end, zone);
  }

  private static Set<DayOfWeek> parseDays(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    if (t.equals("daily") || t.equals("*")) {
      return EnumSet.allOf(DayOfWeek.class);
    }
    EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String item : t.split(",")) {
      String[] range = item.split("-");
      if (range.length == 1) {
        days.add(day(range[0], text));
      } else if (range.length == 2) {
        DayOfWeek from = day(range[0], text);
        DayOfWeek to = day(range[1], text);
        for (DayOfWeek d = from; ; d = d.plus(1)) {
          days.add(d);
          if (d == to) {
            break;
          }
        }
      } else {
        throw new IllegalArgumentException("\"" + text + "\" is not a set of days; expected e.g. Mon-Fri or Mon,Wed");
      }
    }
    if (days.isEmpty()) {
      throw new IllegalArgumentException("\"" + text + "\" names no day; expected e.g. Mon-Fri or Mon,Wed");
    }
    return days;
  }

  private static DayOfWeek day(String name, String whole) {
    String key = name.length() >= 3 ? name.substring(0, 3) : name;
    int i = DAY_NAMES.indexOf(key);
    if (i < 0 || name.length() < 3) {
      throw new IllegalArgumentException("\"" + name + "\" in \"" + whole + "\" is not a day; use Mon, Tue, Wed, Thu, Fri, Sat, Sun");
    }
    return DayOfWeek.of(i + 1);
  }

  private static LocalTime parseTime(String text) {
    if (!text.matches("\\d{1,2}:\\d{2}")) {
      throw new IllegalArgumentException("\"" + text + "\" is not a time; expected HH:MM");
    }
    String[] hm = text.split(":");
    int h = Integer.parseInt(hm[0]);
    int m = Integer.parseInt(hm[1]);
    if (h == 24 && m == 0) {
      return LocalTime.MAX;
    }
    if (h > 23 || m > 59) {
      throw new IllegalArgumentException("\"" + text + "\" is not a time of day");
    }
    return LocalTime.of(h, m);
  }

  /** Whether {@code at} falls inside this window. */
  public boolean contains(Instant at) {
    return currentOpening(at).isPresent();
  }

  private Optional<ZonedDateTime> currentOpening(Instant at) {
    LocalDate today = at.atZone(zone).toLocalDate();
    // A window that crosses midnight may have opened yesterday.
    for (LocalDate d = today.minusDays(1); !d.isAfter(today); d = d.plusDays(1)) {
      if (!days.contains(d.getDayOfWeek())) {
        continue;
      }
      ZonedDateTime open = d.atTime(start).atZone(zone);
      ZonedDateTime close = (end.isAfter(start) ? d : d.plusDays(1)).atTime(end).atZone(zone);
      if (!at.isBefore(open.toInstant()) && at.isBefore(close.toInstant())) {
        return Optional.of(open);
      }
    }
    return Optional.empty();
  }

  /** The next moment at or after {@code at} when this window is open. */
  public Instant nextOpening(Instant at) {
    if (contains(at)) {
      return at;
    }
    LocalDate day = at.atZone(zone).toLocalDate();
    for (int i = 0; i <= 8; i++, day = day.plusDays(1)) {
      if (days.contains(day.getDayOfWeek())) {
        Instant open = day.atTime(start).atZone(zone).toInstant();
        if (!open.isBefore(at)) {
          return open;
        }
      }
    }
    throw new IllegalStateException("window has no day: " + this);
  }

  /** The earliest moment at or after {@code at} when any of {@code windows} is open. */
  public static Instant nextOpening(List<DeploymentWindow> windows, Instant at) {
    Instant best = null;
    for (DeploymentWindow w : windows) {
      Instant next = w.nextOpening(at);
      if (best == null || next.isBefore(best)) {
        best = next;
      }
    }
    return best == null ? at : best;
  }
}
