package dev.shepherd.cloud;

import dev.shepherd.analysis.MetricSamples;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The figures canary analysis judges: per interval, for the version being replaced and the new one. The
 * verdict itself is {@code dev.shepherd.analysis.CanaryJudge}'s, in workflow code.
 */
@ActivityInterface
public interface AnalysisActivities {

  /**
   * Reads, for each version, one sample per interval of its window: invocations, errors, and each signal's
   * figure. An interval in which a version has no datapoint has 0 invocations and errors and no figures, so
   * a silent version reads as silent rather than missing. Read-only, so retries are harmless.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable ({@code ACCESS_DENIED}, {@code INVALID_REQUEST})
   *     when the metrics cannot be read at all; transient errors are retried
   */
  @ActivityMethod
  MetricSamples readCanaryMetrics(CanaryMetricsRequest request);
}
