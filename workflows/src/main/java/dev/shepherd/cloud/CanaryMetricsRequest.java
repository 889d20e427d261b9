package dev.shepherd.cloud;

import dev.shepherd.spec.AnalysisSignal;
import java.time.Duration;
import java.util.List;

/**
 * The metrics to read for judging one region's canary.
 *
 * @param alias the function's alias in the region (Lambda publishes per-version metrics under {@code
 *     Resource = function:alias})
 * @param baselineVersion the version being replaced
 * @param canaryVersion the new version
 * @param window the canary's window; it is cut into whole {@code interval}s from its start, and a partial
 *     interval at its end is left out
 * @param baselineWindow the baseline's window, for when the baseline no longer takes traffic (a bake: its
 *     window before the deployment); null for the canary's window
 * @param interval the length of each interval, a whole number of minutes
 * @param signals the signals to read besides invocations and errors, which are always read
 */
public record CanaryMetricsRequest(
    AliasRef alias,
    String baselineVersion,
    String canaryVersion,
    TimeWindow window,
    TimeWindow baselineWindow,
    Duration interval,
    List<AnalysisSignal> signals) {

  public CanaryMetricsRequest {
    signals = signals == null ? List.of() : List.copyOf(signals);
  }

  /** The window the baseline is read over. */
  public TimeWindow effectiveBaselineWindow() {
    return baselineWindow != null ? baselineWindow : window;
  }
}
