package dev.shepherd.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CloudWatch's datapoints counted in the interval they fall in, whatever their timestamps' rounding. */
class AnalysisIntervalsTest {

  private static final Instant START = Instant.parse("2026-11-26T12:00:00Z");

  @Test
  void datapointsOnOrNearABoundaryCountInThatInterval_andThoseOutsideTheWindowAreDropped() {
    Map<Instant, Double> read = Map.of(
        START, 1.0,
        START.plusSeconds(60).minusMillis(400), 2.0,   // a timestamp a little before its boundary
        START.plusSeconds(120).plusMillis(300), 3.0,   // a little after
        START.minusSeconds(60), 9.0,                   // before the window
        START.plusSeconds(180), 9.0);                  // after its three intervals
    assertThat(AwsAnalysisActivities.onIntervals(read, START, Duration.ofMinutes(1), 3)).isEqualTo(Map.of(
        START, 1.0, START.plusSeconds(60), 2.0, START.plusSeconds(120), 3.0));
  }
}
