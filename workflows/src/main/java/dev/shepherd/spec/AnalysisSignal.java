package dev.shepherd.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing canary analysis compares between the baseline (the version being replaced) and the canary.
 * Exactly one of the three is set, as written: {@code - errorRate: {...}}, {@code - latency: {...}} or
 * {@code - metric: {...}}.
 *
 * @param errorRate Lambda's Errors / Invocations of each version
 * @param latency a percentile of Lambda's Duration of each version
 * @param metric any CloudWatch metric or metric-math expression, read per version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnalysisSignal(ErrorRateSignal errorRate, LatencySignal latency, MetricSignal metric) {

  public static AnalysisSignal of(ErrorRateSignal errorRate) {
    return new AnalysisSignal(errorRate, null, null);
  }

  public static AnalysisSignal of(LatencySignal latency) {
    return new AnalysisSignal(null, latency, null);
  }

  public static AnalysisSignal of(MetricSignal metric) {
    return new AnalysisSignal(null, null, metric);
  }

  /**
   * The signal's name in verdicts and the key of its values in each interval's sample: {@code error rate},
   * {@code latency p99}, or the metric's label (its {@code Namespace/Name} or expression when it has none).
   */
  @JsonIgnore
  public String key() {
    if (errorRate != null) {
      return "error rate";
    }
    if (latency != null) {
      return "latency " + latency.statistic();
    }
    if (metric != null) {
      return metric.displayName();
    }
    return "(no signal)";
  }
}
