package dev.shepherd.release.story;

import dev.shepherd.release.FailureType;
import dev.shepherd.analysis.AnalysisInput;
import dev.shepherd.analysis.AnalysisOutcome;
import dev.shepherd.analysis.AnalysisVerdict;
import dev.shepherd.analysis.CanaryJudge;
import dev.shepherd.analysis.MetricSamples;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.CanaryMetricsRequest;
import dev.shepherd.cloud.TimeWindow;
import dev.shepherd.spec.AnalysisSpec;
import dev.shepherd.spec.Durations;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Canary analysis in workflow code: wait, read each version's figures since the start, judge, and on
 * INCONCLUSIVE wait again (up to {@code maxExtensions} times) with the window growing. The judge's verdict is
 * recorded in history once ({@code Workflow.sideEffect}), so that a later change of its rules cannot change a
 * release being replayed.
 *
 * <p>The window runs from {@code start} to the moment the figures are read, cut to whole intervals on their
 * boundaries (CloudWatch rounds a query's start down to its period). CloudWatch takes a minute or two
 * to have a datapoint; an interval it does not have yet reads as no traffic, which the minimum of requests or
 * an extension covers.
 */
public final class CanaryAnalysis {

  /**
   * One version judged against another in one region.
   *
   * @param alias the alias in the region
   * @param baselineVersion the version being replaced
   * @param canaryVersion the new version
   * @param baselineBefore for a bake, when the new version began to take traffic: the baseline is read over a
   *     window of the same length that ends there; null when both versions take traffic at once (a canary)
   */
  public record Comparison(AliasRef alias, String baselineVersion, String canaryVersion, Instant baselineBefore) {}

  private CanaryAnalysis() {}

  /**
   * The whole intervals between two instants, on the interval's boundaries (as CloudWatch's datapoints are):
   * from {@code from} rounded up to {@code to} rounded down; empty when no whole interval fits.
   */
  public static TimeWindow aligned(Instant from, Instant to, Duration interval) {
    Instant start = floor(from, interval);
    if (start.isBefore(from)) {
      start = start.plus(interval);
    }
    Instant end = floor(to, interval);
    return new TimeWindow(start, end.isBefore(start) ? start : end);
  }

  /** The instant rounded down to a multiple of the interval since the epoch; null for null. */
  static Instant floor(Instant at, Duration interval) {
    if (at == null) {
      return null;
    }
    long step = interval.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), step) * step);
  }

  /**
   * Waits {@code round} (with {@code wait}, which may fail when an alarm fires), then judges every target; each
   * verdict goes to {@code verdicts} as it is given. Returns when every target PASSES.
   *
   * @throws io.temporal.failure.ApplicationFailure {@code ANALYSIS_FAILED} when a target FAILS, {@code
   *     ANALYSIS_INCONCLUSIVE} when a target is still INCONCLUSIVE after every extension
   */
  public static void run(AnalysisSpec spec, List<Comparison> comparisons, Instant start, Duration round, Consumer<Duration> wait,
      BiConsumer<Comparison, AnalysisVerdict> verdicts, Consumer<String> details, String what) {
    for (int extension = 0; ; extension++) {
      wait.accept(round);
      TimeWindow window = aligned(start, ReleaseState.now(), spec.interval());
      List<Promise<MetricSamples>> reads = new ArrayList<>();
      for (Comparison t : comparisons) {
        Instant baselineEnd = floor(t.baselineBefore(), spec.interval());
        TimeWindow baseline = t.baselineBefore() == null ? null
            : new TimeWindow(baselineEnd.minus(window.length()), baselineEnd);
        reads.add(Async.function(ActivityStubs.analysis("Canary analysis: read version " + t.canaryVersion()
                + " against " + t.baselineVersion() + " of " + t.alias())::readCanaryMetrics,
            new CanaryMetricsRequest(t.alias(), t.baselineVersion(), t.canaryVersion(), window, baseline,
                spec.interval(), spec.signals())));
      }
      List<String> failed = new ArrayList<>();
      List<String> inconclusive = new ArrayList<>();
      for (int i = 0; i < comparisons.size(); i++) {
        Comparison t = comparisons.get(i);
        AnalysisVerdict verdict;
        try {
          MetricSamples samples = reads.get(i).get();
          verdict = Workflow.sideEffect(AnalysisVerdict.class, () -> CanaryJudge.judge(new AnalysisInput(spec, samples)));
        } catch (ActivityFailure e) {
          if (Halt.isCancellation(e)) {
            throw e;
          }
          // Metrics that cannot be read (CloudWatch throttling for minutes, access denied) judge nothing: the
          // canary is neither passed nor failed for it, but extended and then left to a person.
          verdict = new AnalysisVerdict(AnalysisOutcome.INCONCLUSIVE, t.baselineVersion(), t.canaryVersion(), 0, 0,
              spec.minRequests(), List.of(), List.of("the metrics could not be read: " + Halt.rootMessage(e)));
        }
        verdicts.accept(t, verdict);
        String line = t.alias().region() + ": " + verdict.summary();
        if (verdict.outcome() == AnalysisOutcome.FAIL) {
          failed.add(line);
        } else if (verdict.outcome() == AnalysisOutcome.INCONCLUSIVE) {
          inconclusive.add(line);
        }
      }
      if (!failed.isEmpty()) {
        throw FailureType.ANALYSIS_FAILED.failure("canary analysis of " + what + " failed: "
            + String.join("; ", failed));
      }
      if (inconclusive.isEmpty()) {
        return;
      }
      if (extension >= spec.maxExtensions()) {
        throw FailureType.ANALYSIS_INCONCLUSIVE.failure("canary analysis of " + what + " still inconclusive after "
            + spec.maxExtensions() + (spec.maxExtensions() == 1 ? " extension" : " extensions")
            + " (a person decides: retry to judge again, or roll back): " + String.join("; ", inconclusive));
      }
      details.accept("canary analysis inconclusive, extending " + what + " by " + Durations.format(round)
          + " (extension " + (extension + 1) + " of " + spec.maxExtensions() + "): "
          + inconclusive.stream().collect(Collectors.joining("; ")));
    }
  }
}
