package dev.shepherd.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * A percentile of each version's Lambda Duration, per interval (CloudWatch's extended statistic {@code pNN}).
 *
 * @param percentile which percentile, above 0 and below 100 (e.g. 50, 99, 99.9); 99 when absent
 * @param maxIncreaseRatio how many times the baseline's figure the canary's may be ({@code 1.2}: 20% slower);
 *     1 when absent, so that any significant increase fails
 * @param maxAbsolute a latency the canary's figure must never exceed, whatever the statistics say; none when
 *     absent
 * @param confidence the confidence of the one-sided Mann–Whitney U test; 0.95 when absent
 */
public record LatencySignal(Double percentile, Double maxIncreaseRatio, Duration maxAbsolute, Double confidence) {

  public static final double DEFAULT_PERCENTILE = 99;
  public static final double DEFAULT_CONFIDENCE = 0.95;

  public LatencySignal {
    percentile = percentile == null ? DEFAULT_PERCENTILE : percentile;
    confidence = confidence == null ? DEFAULT_CONFIDENCE : confidence;
  }

  /** CloudWatch's name of the statistic: {@code p99}, {@code p99.9}. */
  @JsonIgnore
  public String statistic() {
    return "p" + BigDecimal.valueOf(percentile).stripTrailingZeros().toPlainString();
  }
}
