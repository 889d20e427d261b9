package dev.shepherd.sim;

/**
 * How much worse a region's canary is than its baseline in the simulated cloud's metrics ({@link
 * SimulatedCloud#degradeCanary}).
 *
 * @param trafficFactor the canary's requests, times its share of the alias's traffic (0: a silent canary)
 * @param errorRate the canary's error rate, instead of the baseline's 0.2%
 * @param latencyFactor the canary's latency percentiles, times the baseline's
 * @param metricFactor how many times worse the canary's custom metrics are (higher for lower-is-better
 *     metrics, lower for higher-is-better ones)
 */
public record CanaryDegradation(double trafficFactor, double errorRate, double latencyFactor, double metricFactor) {

  /** A canary that fails every signal plainly: 5% errors, three times slower, three times worse metrics. */
  public static CanaryDegradation clearlyWorse() {
    return new CanaryDegradation(1, 0.05, 3, 3);
  }

  /** A canary that takes no requests at all, as when its traffic never reaches it. */
  public static CanaryDegradation silent() {
    return new CanaryDegradation(0, SimulatedCloud.BASE_ERROR_RATE, 1, 1);
  }
}
