package dev.shepherd.spec;

/**
 * The error rate of each version, Errors / Invocations from Lambda's per-version metrics (namespace
 * {@code AWS/Lambda}, dimensions {@code FunctionName}, {@code Resource = function:alias}, {@code
 * ExecutedVersion}). Rates are fractions: {@code 0.01} is one percent, or one percentage point.
 *
 * @param maxIncrease how far the canary's rate may exceed the baseline's, in absolute terms ({@code 0.01}: one
 *     percentage point); 0 when absent, so that any significant increase fails
 * @param maxAbsolute a rate the canary must never exceed, whatever the statistics say; none when absent
 * @param confidence the confidence of the one-sided Mann–Whitney U test; 0.95 when absent
 */
public record ErrorRateSignal(Double maxIncrease, Double maxAbsolute, Double confidence) {

  public ErrorRateSignal {
    confidence = confidence == null ? LatencySignal.DEFAULT_CONFIDENCE : confidence;
  }
}
