package dev.shepherd.spec;

/** Which way a custom metric gets worse ({@code analysis.signals[i].metric.direction}). */
public enum MetricDirection {
  /** Errors, declines, latency: a canary with a higher value is worse. */
  LOWER_IS_BETTER,
  /** Successful checkouts, cache hits: a canary with a lower value is worse. */
  HIGHER_IS_BETTER
}
