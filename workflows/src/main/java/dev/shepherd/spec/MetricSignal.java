package dev.shepherd.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A custom signal: one CloudWatch metric ({@code namespace}, {@code name}, {@code dimensions}, {@code
 * statistic}), or a metric-math {@code expression} over the metrics named in {@code metrics}. Either way the
 * series must be told apart by version: {@code ${version}} appears in a dimension value or in the expression.
 *
 * <p>Thresholds follow {@code direction}. Lower is better (the default): {@code maxIncrease} (absolute),
 * {@code maxIncreaseRatio} (canary / baseline) and {@code maxAbsolute}. Higher is better: {@code maxDecrease}
 * (absolute), {@code minRatio} (canary / baseline) and {@code minAbsolute}.
 *
 * <p>The figures compared are per interval and the canary takes only its weight of the traffic: compare
 * quantities that do not grow with traffic (averages, percentiles, ratios by expression), not sums.
 *
 * @param label the signal's name in verdicts; {@code Namespace/Name}, or the expression, when absent
 * @param namespace the metric's namespace (single-metric form)
 * @param name the metric's name (single-metric form)
 * @param dimensions the metric's dimensions (single-metric form)
 * @param statistic the metric's statistic (single-metric form); {@code Average} when absent
 * @param expression a CloudWatch metric-math expression over the ids of {@code metrics}
 * @param metrics the metrics the expression uses, by id (lower-case first letter, then letters, digits, _)
 * @param direction which way is worse; lower-is-better when absent
 * @param maxIncrease lower-is-better: how much higher than the baseline's the canary's figure may be
 * @param maxIncreaseRatio lower-is-better: how many times the baseline's figure the canary's may be
 * @param maxAbsolute lower-is-better: a figure the canary must never exceed
 * @param maxDecrease higher-is-better: how much lower than the baseline's the canary's figure may be
 * @param minRatio higher-is-better: the smallest share of the baseline's figure the canary's may be (0.8)
 * @param minAbsolute higher-is-better: a figure the canary must never go below
 * @param confidence the confidence of the one-sided Mann–Whitney U test; 0.95 when absent
 */
public record MetricSignal(
    String label,
    String namespace,
    String name,
    Map<String, String> dimensions,
    String statistic,
    String expression,
    Map<String, MetricQuery> metrics,
    MetricDirection direction,
    Double maxIncrease,
    Double maxIncreaseRatio,
    Double maxAbsolute,
    Double maxDecrease,
    Double minRatio,
    Double minAbsolute,
    Double confidence) {

  public MetricSignal {
    dimensions = dimensions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
    metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    statistic = statistic == null && expression == null ? MetricQuery.DEFAULT_STATISTIC : statistic;
    direction = direction == null ? MetricDirection.LOWER_IS_BETTER : direction;
    confidence = confidence == null ? LatencySignal.DEFAULT_CONFIDENCE : confidence;
  }

  /** A single metric, lower is better, with a ratio allowance. */
  public static MetricSignal of(String namespace, String name, Map<String, String> dimensions, String statistic,
      double maxIncreaseRatio) {
    return new MetricSignal(null, namespace, name, dimensions, statistic, null, null, null, null, maxIncreaseRatio,
        null, null, null, null, null);
  }

  /** Whether this signal is a metric-math expression rather than a single metric. */
  @JsonIgnore
  public boolean isExpression() {
    return expression != null;
  }

  /** The single metric this signal reads (when it is not an expression). */
  @JsonIgnore
  public MetricQuery metric() {
    return new MetricQuery(namespace, name, dimensions, statistic);
  }

  /** The signal's name in verdicts. */
  @JsonIgnore
  public String displayName() {
    if (label != null && !label.isBlank()) {
      return label;
    }
    return isExpression() ? expression : namespace + "/" + name + (statistic == null ? "" : " " + statistic);
  }

  /** Whether a higher figure is worse. */
  @JsonIgnore
  public boolean lowerIsBetter() {
    return direction == MetricDirection.LOWER_IS_BETTER;
  }
}
