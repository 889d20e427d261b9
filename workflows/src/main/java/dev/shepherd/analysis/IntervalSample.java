package dev.shepherd.analysis;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one version did in one sample interval.
 *
 * @param start when the interval began (it lasts {@code analysis.interval})
 * @param requests the invocations of the version in the interval; 0 when CloudWatch has no datapoint
 * @param errors the invocations that ended in an error; 0 when CloudWatch has no datapoint
 * @param values every other signal's figure for the interval, by {@link dev.shepherd.spec.AnalysisSignal#key()}
 *     (latency in milliseconds); a signal with no datapoint in the interval has no entry
 */
public record IntervalSample(Instant start, long requests, long errors, Map<String, Double> values) {

  public IntervalSample {
    // Sorted, so that the JSON in history reads the same on every worker.
    values = values == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** An interval with requests and errors only. */
  public static IntervalSample of(Instant start, long requests, long errors) {
    return new IntervalSample(start, requests, errors, Map.of());
  }

  /** The figure of a signal, or null when the interval has none. */
  public Double value(String key) {
    return values.get(key);
  }
}
