package dev.shepherd.release;

import dev.shepherd.release.story.CanaryAnalysis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.cloud.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The windows canary analysis reads: whole intervals on their boundaries, as CloudWatch's datapoints are. */
class CanaryAnalysisWindowTest {

  private static Instant at(String time) {
    return Instant.parse("2026-11-26T" + time + "Z");
  }

  @Test
  void aWindowStartsAtTheNextBoundaryAndEndsAtTheLastOne() {
    assertThat(CanaryAnalysis.aligned(at("12:00:37.412"), at("12:00:41.900"), Duration.ofSeconds(1)))
        .isEqualTo(new TimeWindow(at("12:00:38"), at("12:00:41")));
    assertThat(CanaryAnalysis.aligned(at("12:00:37.412"), at("12:03:10"), Duration.ofMinutes(1)))
        .isEqualTo(new TimeWindow(at("12:01:00"), at("12:03:00")));
  }

  @Test
  void aWindowAlreadyOnItsBoundariesIsKept() {
    assertThat(CanaryAnalysis.aligned(at("12:01:00"), at("12:05:00"), Duration.ofMinutes(1)))
        .isEqualTo(new TimeWindow(at("12:01:00"), at("12:05:00")));
  }

  @Test
  void whenNoWholeIntervalFits_theWindowIsEmpty() {
    TimeWindow w = CanaryAnalysis.aligned(at("12:00:10"), at("12:00:50"), Duration.ofMinutes(1));
    assertThat(w.length()).isZero();
  }
}
