package dev.shepherd.cloud;

import java.time.Duration;
import java.time.Instant;

/**
 * A span of time, start included and end excluded.
 *
 * @param start the first instant
 * @param end the instant after the last
 */
public record TimeWindow(Instant start, Instant end) {

  /** How long the window is. */
  public Duration length() {
    return Duration.between(start, end);
  }
}
