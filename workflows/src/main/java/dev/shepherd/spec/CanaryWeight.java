package dev.shepherd.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A share of an alias's traffic in whole percent. Valid canary weights are {@value #MIN} to {@value
 * #MAX}; {@link SpecValidator} reports others.
 *
 * @param percent the share, in percent
 */
public record CanaryWeight(int percent) {

  public static final int MIN = 1;
  public static final int MAX = 99;

  @JsonCreator
  public static CanaryWeight of(int percent) {
    return new CanaryWeight(percent);
  }

  @JsonValue
  public int percent() {
    return percent;
  }

  /** Whether this weight can be given to a canary. */
  public boolean isValid() {
    return percent >= MIN && percent <= MAX;
  }

  /** The weight as a fraction of traffic, as Lambda's alias routing expects it. */
  public double fraction() {
    return percent / 100.0;
  }

  @Override
  public String toString() {
    return percent + "%";
  }
}
