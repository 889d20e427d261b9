package dev.shepherd.analysis;

import java.util.List;

/**
 * The verdict on one signal, with the figures behind it.
 *
 * @param signal the signal's name ({@link dev.shepherd.spec.AnalysisSignal#key()})
 * @param outcome PASS, FAIL or INCONCLUSIVE
 * @param baseline the baseline's figure over the window: for the error rate, all its errors over all its
 *     requests; for other signals, the median of its interval figures; null without data
 * @param canary the canary's figure, computed the same way; null without data
 * @param baselineByInterval the baseline's figure in each interval (null where it had none)
 * @param canaryByInterval the canary's figure in each interval (null where it had none)
 * @param uStatistic the Mann–Whitney U statistic of the canary's intervals against the baseline's (oriented so
 *     that a high U means the canary is worse); null when the test was not run
 * @param pValue the one-sided p-value of that test; null when the test was not run
 * @param confidence the confidence the p-value is held to: significant when {@code p < 1 - confidence}
 * @param maxIncrease the allowed absolute worsening (error rate: in rate, e.g. 0.01), or null
 * @param maxRatio the allowed ratio canary / baseline (below 1 for higher-is-better metrics), or null
 * @param absoluteLimit the figure the canary must not pass, or null
 * @param reason why, in words, with the figures
 */
public record SignalVerdict(
    String signal,
    AnalysisOutcome outcome,
    Double baseline,
    Double canary,
    List<Double> baselineByInterval,
    List<Double> canaryByInterval,
    Double uStatistic,
    Double pValue,
    double confidence,
    Double maxIncrease,
    Double maxRatio,
    Double absoluteLimit,
    String reason) {

  public SignalVerdict {
    // Not List.copyOf: an interval without data is a null entry.
    baselineByInterval = baselineByInterval == null ? List.of()
        : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(baselineByInterval));
    canaryByInterval = canaryByInterval == null ? List.of()
        : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(canaryByInterval));
  }
}
