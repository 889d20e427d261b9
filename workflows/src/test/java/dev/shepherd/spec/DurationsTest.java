package dev.shepherd.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  static Stream<Arguments> durationsAsPeopleWriteThem() {
    return Stream.of(
        Arguments.of("90s", Duration.ofSeconds(90)),
        Arguments.of("5m", Duration.ofMinutes(5)),
        Arguments.of("1h30m", Duration.ofMinutes(90)),
        Arguments.of("2d", Duration.ofDays(2)),
        Arguments.of("250ms", Duration.ofMillis(250)),
        Arguments.of("1d2h3m4s5ms", Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4).plusMillis(5)),
        Arguments.of("PT5M", Duration.ofMinutes(5)),
        Arguments.of("P2DT3H", Duration.ofDays(2).plusHours(3)),
        Arguments.of("0", Duration.ZERO),
        Arguments.of("0s", Duration.ZERO),
        Arguments.of("  5m  ", Duration.ofMinutes(5)));
  }

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @MethodSource("durationsAsPeopleWriteThem")
  void givenADurationAsPeopleWriteIt_itShouldParseToThatDuration(String text, Duration expected) {
    assertThat(Durations.parse(text)).contains(expected);
  }

  @Test
  void givenANegativeDuration_itShouldReturnItNegativeSoTheCallerCanSaySo() {
    assertThat(Durations.parse("-5m")).contains(Duration.ofMinutes(-5));
    assertThat(Durations.parse("-PT1H")).contains(Duration.ofHours(-1));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {
      "5 minutes", "m5", "   ", "5", "1.5h", "5min", "5m 30s", "h", "-", "--5m", "PT", "P1Y", "five minutes"})
  void givenTextThatIsNotADuration_itShouldGiveNothing(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @Test
  void givenANumberTooLargeForADuration_itShouldGiveNothingRatherThanThrow() {
    assertThat(Durations.parse("99999999999999999999d")).isEmpty();
    assertThat(Durations.parse("999999999999999d")).isEmpty();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"3650000d", "-3650000d", "36501d", "P3650000D", "PT99999999999999999999H",
      "99999999999999999999d", "9223372036854775807ms9223372036854775807d"})
  void givenAnAbsurdlyLongDuration_itShouldRefuseItAndSayItIsTooLongWithoutThrowing(String text) {
    assertThat(Durations.parse(text)).isEmpty();
    assertThat(Durations.isTooLong(text)).isTrue();
  }

  @Test
  void givenOneHundredYears_itShouldStillParse() {
    assertThat(Durations.parse("36500d")).contains(Durations.MAX);
    assertThat(Durations.parse("-36500d")).contains(Durations.MAX.negated());
    assertThat(Durations.isTooLong("36500d")).isFalse();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {"5 minutes", "5m", "P1Y", "-5m"})
  void givenTextThatIsNotADurationOrIsShortEnough_itShouldNotCallItTooLong(String text) {
    assertThat(Durations.isTooLong(text)).isFalse();
  }

  static Stream<Arguments> formatted() {
    return Stream.of(
        Arguments.of(Duration.ofSeconds(90), "1m30s"),
        Arguments.of(Duration.ofMinutes(90), "1h30m"),
        Arguments.of(Duration.ofDays(2), "2d"),
        Arguments.of(Duration.ofMillis(250), "250ms"),
        Arguments.of(Duration.ofHours(72), "3d"),
        Arguments.of(Duration.ofDays(1).plusSeconds(1), "1d1s"),
        Arguments.of(Duration.ZERO, "0s"),
        Arguments.of(Duration.ofMinutes(-5), "-5m"));
  }

  @ParameterizedTest(name = "{0} is written {1}")
  @MethodSource("formatted")
  void givenADuration_itShouldFormatItTheWaySpecsWriteIt(Duration duration, String expected) {
    assertThat(Durations.format(duration)).isEqualTo(expected);
  }

  @Test
  void givenNoDuration_itShouldFormatADash() {
    assertThat(Durations.format(null)).isEqualTo("-");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"1m30s", "5m", "1h30m", "2d", "250ms", "1d2h3m4s5ms", "0s", "-5m", "-1h30m"})
  void givenADurationInItsShortestForm_itShouldFormatBackToTheSameText(String text) {
    assertThat(Durations.format(Durations.parse(text).orElseThrow())).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0} ms")
  @ValueSource(longs = {0, 1, 999, 1_000, 59_999, 3_600_000, 86_399_999, 90_061_001, 1_000_000_000_000L, -150_000})
  void givenAnyWholeMillisecondDuration_itShouldParseBackWhatItFormats(long millis) {
    Duration d = Duration.ofMillis(millis);

    assertThat(Durations.parse(Durations.format(d))).contains(d);
  }
}
