package dev.shepherd.analysis;

import java.util.List;

/**
 * Per-interval samples of the baseline (the version being replaced) and the canary (the new version), oldest
 * interval first: what {@link CanaryJudge} judges.
 *
 * @param baselineVersion the version being replaced
 * @param canaryVersion the new version
 * @param baseline the baseline's intervals
 * @param canary the canary's intervals; the same intervals as the baseline's while both take traffic
 */
public record MetricSamples(String baselineVersion, String canaryVersion, List<IntervalSample> baseline,
    List<IntervalSample> canary) {

  public MetricSamples {
    baseline = baseline == null ? List.of() : List.copyOf(baseline);
    canary = canary == null ? List.of() : List.copyOf(canary);
  }

  /** The baseline's invocations over all its intervals. */
  public long baselineRequests() {
    return baseline.stream().mapToLong(IntervalSample::requests).sum();
  }

  /** The canary's invocations over all its intervals. */
  public long canaryRequests() {
    return canary.stream().mapToLong(IntervalSample::requests).sum();
  }
}
