package dev.shepherd.analysis;

import java.util.List;

/**
 * The verdict of canary analysis on one region's new version.
 *
 * @param outcome FAIL when any signal fails; else INCONCLUSIVE when the canary served fewer requests than
 *     the minimum or any signal is inconclusive; else PASS
 * @param baselineVersion the version being replaced
 * @param canaryVersion the new version
 * @param baselineRequests the baseline's invocations in the window
 * @param canaryRequests the canary's invocations in the window
 * @param minRequests the canary's invocations needed before any verdict
 * @param signals each signal's verdict, in the spec's order
 * @param reasons why, in words: the failing (or inconclusive) signals' reasons first
 */
public record AnalysisVerdict(
    AnalysisOutcome outcome,
    String baselineVersion,
    String canaryVersion,
    long baselineRequests,
    long canaryRequests,
    int minRequests,
    List<SignalVerdict> signals,
    List<String> reasons) {

  public AnalysisVerdict {
    signals = signals == null ? List.of() : List.copyOf(signals);
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }

  /**
   * This verdict without each signal's figures per interval (its totals, test and reasons kept): how earlier
   * verdicts of a region are kept once a later one has been given, so that a long canary's extensions do not
   * carry every interval again and again.
   */
  public AnalysisVerdict withoutSeries() {
    return new AnalysisVerdict(outcome, baselineVersion, canaryVersion, baselineRequests, canaryRequests, minRequests,
        signals.stream().map(s -> new SignalVerdict(s.signal(), s.outcome(), s.baseline(), s.canary(), null, null,
            s.uStatistic(), s.pValue(), s.confidence(), s.maxIncrease(), s.maxRatio(), s.absoluteLimit(), s.reason()))
            .toList(), reasons);
  }

  /** One line for summaries and the audit log: the outcome and its reasons. */
  public String summary() {
    return outcome + " (version " + canaryVersion + " against " + baselineVersion + "): " + String.join("; ", reasons);
  }
}
