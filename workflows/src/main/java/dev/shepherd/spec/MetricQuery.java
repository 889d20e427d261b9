package dev.shepherd.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One CloudWatch metric and statistic. Dimension values (and a metric-math expression) may name the version
 * being read as {@code ${version}}, and also {@code ${function}}, {@code ${alias}} and {@code ${region}}:
 * that is how the baseline's series and the canary's are told apart.
 *
 * @param namespace the metric's namespace, e.g. {@code Payments}
 * @param name the metric's name, e.g. {@code Declines}
 * @param dimensions every dimension of the series, in order (CloudWatch matches the whole set)
 * @param statistic {@code Sum}, {@code Average}, {@code Minimum}, {@code Maximum}, {@code SampleCount} or a
 *     percentile such as {@code p99}; {@code Average} when absent
 */
public record MetricQuery(String namespace, String name, Map<String, String> dimensions, String statistic) {

  public static final String DEFAULT_STATISTIC = "Average";

  public MetricQuery {
    dimensions = dimensions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
    statistic = statistic == null ? DEFAULT_STATISTIC : statistic;
  }
}
