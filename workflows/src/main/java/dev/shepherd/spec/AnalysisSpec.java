package dev.shepherd.spec;

import java.time.Duration;
import java.util.List;

/**
 * Canary analysis: how a region's new version is judged on its metrics against the version it replaces
 * ({@code analysis} at the root of the spec, or {@code waves[i].analysis}, which replaces the root one for
 * that wave). The judge is {@code dev.shepherd.analysis.CanaryJudge}.
 *
 * @param interval the length of one sample interval, a CloudWatch period (1s, 5s, 10s, 30s or whole minutes;
 *     Lambda's own metrics are per minute); 1m when absent
 * @param minRequests how many invocations the canary must have served before any verdict; 100 when absent
 * @param maxExtensions how many times an INCONCLUSIVE canary is extended by its duration before the release
 *     pauses for a person; 3 when absent
 * @param onFail what a FAIL verdict does; null to follow {@code policy.onFailure}
 * @param during when the new version is judged; {@code [CANARY]} when absent
 * @param signals what is compared, in the order they are reported
 */
public record AnalysisSpec(
    Duration interval,
    Integer minRequests,
    Integer maxExtensions,
    OnFailure onFail,
    List<AnalysisPhase> during,
    List<AnalysisSignal> signals) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
  public static final int DEFAULT_MIN_REQUESTS = 100;
  public static final int DEFAULT_MAX_EXTENSIONS = 3;

  public AnalysisSpec {
    interval = interval == null ? DEFAULT_INTERVAL : interval;
    minRequests = minRequests == null ? DEFAULT_MIN_REQUESTS : minRequests;
    maxExtensions = maxExtensions == null ? DEFAULT_MAX_EXTENSIONS : maxExtensions;
    during = during == null || during.isEmpty() ? List.of(AnalysisPhase.CANARY) : List.copyOf(during);
    signals = signals == null ? List.of() : List.copyOf(signals);
  }

  /** Whether CloudWatch takes this as a period: 1, 5, 10 or 30 seconds, or a whole number of minutes. */
  public static boolean isCloudWatchPeriod(Duration d) {
    if (d == null || d.isNegative() || d.isZero() || d.getNano() != 0) {
      return false;
    }
    long s = d.getSeconds();
    return s == 1 || s == 5 || s == 10 || s == 30 || s % 60 == 0;
  }

  /** Whether the new version is judged during this phase. */
  public boolean judges(AnalysisPhase phase) {
    return during.contains(phase);
  }

  /** What a FAIL verdict does under this release's policy: {@link #onFail}, else the policy's {@code onFailure}. */
  public OnFailure onFail(PolicySpec policy) {
    return onFail != null ? onFail : policy.onFailure();
  }
}
