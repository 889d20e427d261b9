package dev.shepherd.spec;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeploymentWindowTest {

  private static final ZoneId DUBLIN = ZoneId.of("Europe/Dublin");
  private static final DeploymentWindow OFFICE_HOURS = DeploymentWindow.parse("Mon-Fri 09:00-17:00 Europe/Dublin");

  // --- parse -----------------------------------------------------------------------------------------

  @Test
  void givenWeekdayOfficeHours_itShouldParseDaysTimesAndZone() {
    assertThat(OFFICE_HOURS.days()).containsExactlyInAnyOrder(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY);
    assertThat(OFFICE_HOURS.start()).isEqualTo(LocalTime.of(9, 0));
    assertThat(OFFICE_HOURS.end()).isEqualTo(LocalTime.of(17, 0));
    assertThat(OFFICE_HOURS.zone()).isEqualTo(DUBLIN);
  }

  static Stream<Arguments> daySets() {
    return Stream.of(
        Arguments.of("Mon,Wed", EnumSet.of(MONDAY, WEDNESDAY)),
        Arguments.of("Sat", EnumSet.of(SATURDAY)),
        Arguments.of("Daily", EnumSet.allOf(DayOfWeek.class)),
        Arguments.of("daily", EnumSet.allOf(DayOfWeek.class)),
        Arguments.of("mon-fri", EnumSet.range(MONDAY, FRIDAY)),
        Arguments.of("Monday-Wednesday", EnumSet.range(MONDAY, WEDNESDAY)),
        Arguments.of("Fri-Mon", EnumSet.of(FRIDAY, SATURDAY, SUNDAY, MONDAY)),
        Arguments.of("Mon-Tue,Thu", EnumSet.of(MONDAY, TUESDAY, THURSDAY)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("daySets")
  void givenDaysAsARangeAListASingleDayOrDaily_itShouldParseThoseDays(String days, EnumSet<DayOfWeek> expected) {
    DeploymentWindow window = DeploymentWindow.parse(days + " 09:00-17:00 UTC");

    assertThat(window.days()).isEqualTo(expected);
  }

  @Test
  void givenSingleDigitHoursAnd24_00_itShouldParseTheTimes() {
    DeploymentWindow window = DeploymentWindow.parse("Daily 9:30-24:00 UTC");

    assertThat(window.start()).isEqualTo(LocalTime.of(9, 30));
    assertThat(window.end()).isEqualTo(LocalTime.MAX);
  }

  static Stream<Arguments> badWindows() {
    return Stream.of(
        Arguments.of("", "window is empty"),
        Arguments.of("Funday 09:00-17:00 UTC", "\"funday\" in \"Funday\" is not a day"),
        Arguments.of("Mo-Fr 09:00-17:00 UTC", "\"mo\" in \"Mo-Fr\" is not a day"),
        Arguments.of("Mon-Wed-Fri 09:00-17:00 UTC", "\"Mon-Wed-Fri\" is not a set of days"),
        Arguments.of("Mon-Fri 9am-5pm UTC", "\"9am\" is not a time; expected HH:MM"),
        Arguments.of("Mon-Fri 25:00-17:00 UTC", "\"25:00\" is not a time of day"),
        Arguments.of("Mon-Fri 09:00-17:60 UTC", "\"17:60\" is not a time of day"),
        Arguments.of("Mon-Fri 09:00 UTC", "\"09:00\" is not a time range; expected HH:MM-HH:MM"),
        Arguments.of("Mon-Fri 09:00-09:00 UTC", "window \"09:00-09:00\" starts and ends at the same time"),
        Arguments.of("Mon-Fri 09:00-17:00 Mars/Olympus_Mons", "\"Mars/Olympus_Mons\" is not a known time zone"),
        Arguments.of("Mon-Fri 09:00-17:00", "\"Mon-Fri 09:00-17:00\" is not a window; expected DAYS HH:MM-HH:MM ZONE"),
        Arguments.of("Mon-Fri 09:00-17:00 Europe/Dublin extra", "is not a window; expected DAYS HH:MM-HH:MM ZONE"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @MethodSource("badWindows")
  void givenAMalformedWindow_itShouldSayWhatIsWrong(String text, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DeploymentWindow.parse(text))
        .withMessageContaining(message);
  }

  @Test
  void givenNoText_itShouldSayTheWindowIsEmpty() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DeploymentWindow.parse(null))
        .withMessageStartingWith("window is empty");
  }

  // --- contains --------------------------------------------------------------------------------------

  @Test
  void givenAWeekdayInWinter_itShouldBeOpenFromNineInclusiveToFiveExclusiveDublinTime() {
    // 2026-01-14 is a Wednesday; Dublin is on GMT (UTC+0).
    assertThat(OFFICE_HOURS.contains(Instant.parse("2026-01-14T08:59:59Z"))).isFalse();
    assertThat(OFFICE_HOURS.contains(Instant.parse("2026-01-14T09:00:00Z"))).isTrue();
    assertThat(OFFICE_HOURS.contains(Instant.parse("2026-01-14T12:00:00Z"))).isTrue();
    assertThat(OFFICE_HOURS.contains(Instant.parse("2026-01-14T16:59:59Z"))).isTrue();
    assertThat(OFFICE_HOURS.contains(Instant.parse("2026-01-14T17:00:00Z"))).isFalse();
  }

  @Test
  void givenAWeekdayInSummer_itShouldFollowIrishSummerTime() {
    // 2026-07-15 is a Wednesday; Dublin is on IST (UTC+1), so 09:00-17:00 there is 08:00-16:00 UTC.
    assertThat(OFFICE_HOURS.contains(Instant.parse("2026-07-15T07:59:00Z"))).isFalse();
    assertThat(OFFICE_HOURS.contains(Instant.parse("2026-07-15T08:00:00Z"))).isTrue();
    assertThat(OFFICE_HOURS.contains(Instant.parse("2026-07-15T16:00:00Z"))).isFalse();
  }

  @Test
  void givenAWeekend_itShouldBeClosedForWeekdayWindows() {
    assertThat(OFFICE_HOURS.contains(Instant.parse("2026-01-17T12:00:00Z"))).isFalse(); // Saturday
    assertThat(OFFICE_HOURS.contains(Instant.parse("2026-01-18T12:00:00Z"))).isFalse(); // Sunday
  }

  @Test
  void givenAListOfDays_itShouldBeOpenOnlyOnThoseDays() {
    DeploymentWindow window = DeploymentWindow.parse("Mon,Wed 10:00-12:00 UTC");

    assertThat(window.contains(Instant.parse("2026-01-12T11:00:00Z"))).isTrue(); // Monday
    assertThat(window.contains(Instant.parse("2026-01-13T11:00:00Z"))).isFalse(); // Tuesday
    assertThat(window.contains(Instant.parse("2026-01-14T11:00:00Z"))).isTrue(); // Wednesday
  }

  @Test
  void givenADailyWindow_itShouldBeOpenOnSundayToo() {
    DeploymentWindow window = DeploymentWindow.parse("Daily 06:00-07:00 UTC");

    assertThat(window.contains(Instant.parse("2026-01-18T06:30:00Z"))).isTrue();
    assertThat(window.contains(Instant.parse("2026-01-18T07:30:00Z"))).isFalse();
  }

  @Test
  void givenAnOvernightWindow_itShouldStayOpenPastMidnightIntoTheNextDay() {
    DeploymentWindow window = DeploymentWindow.parse("Fri 22:00-02:00 UTC");

    assertThat(window.contains(Instant.parse("2026-01-16T21:59:00Z"))).isFalse(); // Friday, before
    assertThat(window.contains(Instant.parse("2026-01-16T22:00:00Z"))).isTrue(); // Friday, opening
    assertThat(window.contains(Instant.parse("2026-01-16T23:30:00Z"))).isTrue(); // Friday night
    assertThat(window.contains(Instant.parse("2026-01-17T01:00:00Z"))).isTrue(); // Saturday 01:00
    assertThat(window.contains(Instant.parse("2026-01-17T02:00:00Z"))).isFalse(); // Saturday, closed
    assertThat(window.contains(Instant.parse("2026-01-17T23:00:00Z"))).isFalse(); // Saturday is not a day
    assertThat(window.contains(Instant.parse("2026-01-16T01:00:00Z"))).isFalse(); // Thursday's night
  }

  @Test
  void givenAWindowInAZoneAheadOfUtc_itShouldUseThatZonesDate() {
    // Auckland is UTC+13 in January: Sunday 20:00 UTC is Monday 09:00 there.
    DeploymentWindow window = DeploymentWindow.parse("Mon 09:00-10:00 Pacific/Auckland");

    assertThat(window.contains(Instant.parse("2026-01-18T20:30:00Z"))).isTrue();
    assertThat(window.contains(Instant.parse("2026-01-19T09:30:00Z"))).isFalse();
  }

  // --- nextOpening -----------------------------------------------------------------------------------

  @Test
  void givenSaturdayInWinter_itShouldOpenNextOnMondayAtNineDublinTime() {
    Instant saturday = Instant.parse("2026-01-17T12:00:00Z");

    Instant next = OFFICE_HOURS.nextOpening(saturday);

    assertThat(next).isEqualTo(dublin("2026-01-19T09:00"));
    assertThat(next).isEqualTo(Instant.parse("2026-01-19T09:00:00Z"));
  }

  @Test
  void givenSaturdayBeforeTheClocksGoForward_itShouldOpenOnMondayAtNineIrishSummerTime() {
    // Clocks go forward in Dublin on Sunday 2026-03-29: Monday 09:00 is 08:00 UTC, not 09:00 UTC.
    Instant saturday = Instant.parse("2026-03-28T12:00:00Z");

    Instant next = OFFICE_HOURS.nextOpening(saturday);

    assertThat(next).isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));
    assertThat(next.atZone(DUBLIN).toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-03-30T09:00"));
  }

  @Test
  void givenSaturdayBeforeTheClocksGoBack_itShouldOpenOnMondayAtNineGmt() {
    // Clocks go back in Dublin on Sunday 2026-10-25: Monday 09:00 is 09:00 UTC again.
    Instant saturday = Instant.parse("2026-10-24T12:00:00Z");

    assertThat(OFFICE_HOURS.nextOpening(saturday)).isEqualTo(Instant.parse("2026-10-26T09:00:00Z"));
  }

  @Test
  void givenAWeekdayMorningBeforeOpening_itShouldOpenTheSameDay() {
    assertThat(OFFICE_HOURS.nextOpening(dublin("2026-01-14T07:15"))).isEqualTo(dublin("2026-01-14T09:00"));
  }

  @Test
  void givenFridayAfterClosing_itShouldOpenOnMonday() {
    assertThat(OFFICE_HOURS.nextOpening(dublin("2026-01-16T17:00"))).isEqualTo(dublin("2026-01-19T09:00"));
  }

  @Test
  void givenAnInstantInsideTheWindow_itShouldReturnThatSameInstant() {
    Instant inside = Instant.parse("2026-01-14T12:34:56.789Z");

    assertThat(OFFICE_HOURS.nextOpening(inside)).isEqualTo(inside);
  }

  @Test
  void givenAnInstantInsideAnOvernightWindowAfterMidnight_itShouldReturnThatSameInstant() {
    DeploymentWindow window = DeploymentWindow.parse("Fri 22:00-02:00 UTC");
    Instant saturdayNight = Instant.parse("2026-01-17T01:00:00Z");

    assertThat(window.nextOpening(saturdayNight)).isEqualTo(saturdayNight);
  }

  @Test
  void givenAWeeklyWindowThatJustClosed_itShouldOpenAWeekLater() {
    DeploymentWindow window = DeploymentWindow.parse("Wed 10:00-11:00 UTC");

    assertThat(window.nextOpening(Instant.parse("2026-01-14T11:00:00Z")))
        .isEqualTo(Instant.parse("2026-01-21T10:00:00Z"));
  }

  @Test
  void givenAWindowInAZoneAheadOfUtc_itShouldOpenAtThatZonesTime() {
    DeploymentWindow window = DeploymentWindow.parse("Mon 09:00-10:00 Pacific/Auckland");

    assertThat(window.nextOpening(Instant.parse("2026-01-18T12:00:00Z")))
        .isEqualTo(Instant.parse("2026-01-18T20:00:00Z"));
  }

  @Test
  void givenSeveralWindows_itShouldPickTheEarliestOpening() {
    List<DeploymentWindow> windows = List.of(
        OFFICE_HOURS,
        DeploymentWindow.parse("Sat 10:00-12:00 UTC"),
        DeploymentWindow.parse("Mon-Fri 09:00-17:00 America/New_York"));

    // Saturday morning: the Saturday window comes first.
    assertThat(DeploymentWindow.nextOpening(windows, Instant.parse("2026-01-17T08:00:00Z")))
        .isEqualTo(Instant.parse("2026-01-17T10:00:00Z"));
    // Saturday afternoon: Monday in Dublin comes before Monday in New York.
    assertThat(DeploymentWindow.nextOpening(windows, Instant.parse("2026-01-17T13:00:00Z")))
        .isEqualTo(Instant.parse("2026-01-19T09:00:00Z"));
    // Monday evening in Dublin: New York is still open.
    Instant mondayEvening = Instant.parse("2026-01-19T18:00:00Z");
    assertThat(DeploymentWindow.nextOpening(windows, mondayEvening)).isEqualTo(mondayEvening);
  }

  @Test
  void givenNoWindows_itShouldBeOpenAtOnce() {
    Instant now = Instant.parse("2026-01-17T12:00:00Z");

    assertThat(DeploymentWindow.nextOpening(List.of(), now)).isEqualTo(now);
  }

  private static Instant dublin(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(DUBLIN).toInstant();
  }

  @org.junit.jupiter.api.Test
  void aWindowWhoseDaysAreOnlyCommasIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeploymentWindow.parse(", 09:00-17:00 UTC"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no day");
  }
}
