package dev.shepherd.analysis;

import dev.shepherd.spec.AnalysisSignal;
import dev.shepherd.spec.AnalysisSpec;
import dev.shepherd.spec.ErrorRateSignal;
import dev.shepherd.spec.LatencySignal;
import dev.shepherd.spec.MetricSignal;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

/**
 * Judges a canary against its baseline, the way Kayenta does: per signal, a one-sided Mann–Whitney U test over
 * the per-interval figures of the two versions, allowances for how much worse the canary may be, and absolute
 * limits.
 *
 * <h2>The rules, exactly</h2>
 *
 * <ol>
 *   <li>When the canary served fewer requests than {@code minRequests} over all its intervals, every signal and
 *       the verdict are INCONCLUSIVE (the figures are still given). Exactly {@code minRequests} is enough.
 *   <li>A signal without canary figures (a silent canary, or a latency CloudWatch did not compute) is
 *       INCONCLUSIVE.
 *   <li>A signal whose canary figure is past its absolute limit FAILS, whatever the statistics or the baseline
 *       say. A figure equal to the limit passes.
 *   <li>Otherwise, a signal without baseline figures is INCONCLUSIVE: there is nothing to compare with (in a
 *       bake the new version takes all the traffic; pass the old version's samples from before the deployment).
 *   <li>The canary is <em>significantly worse</em> when the one-sided Mann–Whitney U test of its interval
 *       figures against the baseline's (alternative: the canary's are stochastically greater, or smaller for a
 *       higher-is-better metric) gives {@code p < 1 - confidence}. A p-value equal to {@code 1 - confidence} is
 *       not significant (3 canary and 3 baseline intervals, all worse, give exactly p = 0.05). Exact p-values are used for fewer than 50 intervals without ties; otherwise the normal
 *       approximation with tie and continuity corrections.
 *   <li>The canary is <em>worse beyond its allowance</em> when its figure exceeds the baseline's by more than
 *       {@code maxIncrease} (absolute; percentage points for the error rate) or is more than {@code
 *       maxIncreaseRatio} times it (for higher-is-better metrics: lower by more than {@code maxDecrease}, or
 *       below {@code minRatio} times it). Given both, the canary must be beyond both. Given neither, the
 *       allowance is zero. A figure exactly at the allowance is within it.
 *   <li>A signal FAILS when the canary is significantly worse and worse beyond its allowance.
 *   <li>A signal that is worse beyond its allowance but not significantly so is INCONCLUSIVE when its
 *       intervals are too few for the test ever to be significant: the smallest p-value {@code n} canary and
 *       {@code m} baseline intervals can give is {@code 1 / C(n+m, n)} (at 95%: 3 and 3 intervals never can,
 *       3 and 4 can). Otherwise it PASSES.
 *   <li>Every other signal PASSES.
 * </ol>
 *
 * <p>The verdict FAILS when any signal fails; otherwise it is INCONCLUSIVE when any signal is; otherwise it
 * PASSES. Figures are compared in double precision, allowing one part in a billion so that a figure written
 * in decimal (0.01, 1.2) and computed in binary still counts as equal to it.
 *
 * <p>The figures: the error rate of a version is its errors over its requests, per interval (an interval
 * without requests has none) and over the window (all errors over all requests, the figure compared with the
 * allowances); other signals compare the median of their interval figures.
 *
 * <p>Pure and deterministic: no I/O, clock, randomness or threads, so that workflow code may call it. The
 * statistics library keeps a memo of exact distributions behind a lock, which does not change any result.
 * Workflow code should still record the verdict once, e.g. with {@code Workflow.sideEffect(AnalysisVerdict.class,
 * () -> CanaryJudge.judge(input))}, so that a later change of the rules or the library cannot change the
 * verdict of a release that is replayed.
 */
public final class CanaryJudge {

  /** Relative slack for comparisons with thresholds written in decimal. */
  private static final double SLACK = 1e-9;

  private CanaryJudge() {}

  /** The verdict on the canary of {@code input}. */
  public static AnalysisVerdict judge(AnalysisInput input) {
    AnalysisSpec spec = Objects.requireNonNull(input.analysis(), "analysis");
    MetricSamples samples = input.samples() != null ? input.samples() : new MetricSamples(null, null, null, null);
    long canaryRequests = samples.canaryRequests();
    boolean enoughTraffic = canaryRequests >= spec.minRequests();
    List<SignalVerdict> verdicts = new ArrayList<>();
    for (AnalysisSignal signal : spec.signals()) {
      verdicts.add(judge(Rule.of(signal), samples, enoughTraffic ? null
          : "canary served " + canaryRequests + " requests, fewer than the " + spec.minRequests()
              + " needed for a verdict"));
    }
    AnalysisOutcome outcome;
    if (verdicts.stream().anyMatch(v -> v.outcome() == AnalysisOutcome.FAIL)) {
      outcome = AnalysisOutcome.FAIL;
    } else if (!enoughTraffic || verdicts.stream().anyMatch(v -> v.outcome() == AnalysisOutcome.INCONCLUSIVE)) {
      outcome = AnalysisOutcome.INCONCLUSIVE;
    } else {
      outcome = AnalysisOutcome.PASS;
    }
    List<String> reasons = new ArrayList<>();
    if (!enoughTraffic) {
      reasons.add("canary served " + canaryRequests + " requests, fewer than the " + spec.minRequests()
          + " needed for a verdict");
    } else {
      for (AnalysisOutcome o : new AnalysisOutcome[] {AnalysisOutcome.FAIL, AnalysisOutcome.INCONCLUSIVE,
          AnalysisOutcome.PASS}) {
        verdicts.stream().filter(v -> v.outcome() == o).forEach(v -> reasons.add(v.reason()));
      }
      if (verdicts.isEmpty()) {
        reasons.add("canary served " + canaryRequests + " requests; no signals to compare");
      }
    }
    return new AnalysisVerdict(outcome, samples.baselineVersion(), samples.canaryVersion(),
        samples.baselineRequests(), canaryRequests, spec.minRequests(), verdicts, reasons);
  }

  private static SignalVerdict judge(Rule rule, MetricSamples samples, String tooLittleTraffic) {
    List<Double> baselineSeries = rule.series(samples.baseline());
    List<Double> canarySeries = rule.series(samples.canary());
    Double baseline = rule.figure(samples.baseline(), baselineSeries);
    Double canary = rule.figure(samples.canary(), canarySeries);
    double[] b = present(baselineSeries);
    double[] c = present(canarySeries);
    Double u = null;
    Double p = null;
    if (b.length > 0 && c.length > 0) {
      // Oriented so that "greater" means worse.
      double[] x = rule.lowerIsBetter ? c : negate(c);
      double[] y = rule.lowerIsBetter ? b : negate(b);
      MannWhitneyUTest.Result r = MannWhitneyUTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN).test(x, y);
      u = r.getStatistic();
      p = Double.isNaN(r.getPValue()) ? 1.0 : r.getPValue();
    }
    double alpha = 1 - rule.confidence;
    Verdicts v = new Verdicts(rule, baseline, canary, baselineSeries, canarySeries, u, p);
    if (tooLittleTraffic != null) {
      return v.of(AnalysisOutcome.INCONCLUSIVE, rule.key + ": " + tooLittleTraffic);
    }
    if (canary == null) {
      return v.of(AnalysisOutcome.INCONCLUSIVE, rule.key + ": no data from the canary (version "
          + samples.canaryVersion() + ")");
    }
    if (rule.absoluteLimit != null && rule.pastLimit(canary)) {
      return v.of(AnalysisOutcome.FAIL, rule.key + " " + rule.show(canary) + " is past the absolute limit of "
          + rule.show(rule.absoluteLimit) + (baseline == null ? "" : " (baseline " + rule.show(baseline) + ")"));
    }
    if (baseline == null) {
      return v.of(AnalysisOutcome.INCONCLUSIVE, rule.key + " " + rule.show(canary)
          + ": no baseline data to compare with (version " + samples.baselineVersion() + ")");
    }
    boolean significant = greater(alpha, p);
    boolean beyond = rule.beyondAllowance(baseline, canary);
    String change = rule.key + " " + rule.show(canary) + " vs " + rule.show(baseline) + " (" + rule.change(baseline, canary)
        + (beyond ? (rule.lowerIsBetter ? " > " : " beyond ") : ", within ") + rule.allowance() + " allowed; ";
    String test = "Mann–Whitney " + showP(p);
    if (significant && beyond) {
      return v.of(AnalysisOutcome.FAIL, change + test + " < " + show(alpha) + ")");
    }
    if (beyond) {
      double best = smallestP(c.length, b.length);
      if (!greater(alpha, best)) {
        return v.of(AnalysisOutcome.INCONCLUSIVE, change + "but " + c.length + " canary and " + b.length
            + " baseline intervals can give " + showP(best) + " at best, not < " + show(alpha)
            + ": too few intervals to judge)");
      }
      return v.of(AnalysisOutcome.PASS, change + "but not significant: " + test + " ≥ " + show(alpha) + ")");
    }
    return v.of(AnalysisOutcome.PASS, change + test + ")");
  }

  /** The smallest one-sided p-value of the exact test with these sample sizes: 1 / C(n+m, n). */
  static double smallestP(int n, int m) {
    double ways = 1;
    for (int i = 1; i <= Math.min(n, m); i++) {
      ways = ways * (Math.max(n, m) + i) / i;
    }
    return 1 / ways;
  }

  private static double[] present(List<Double> series) {
    return series.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
  }

  private static double[] negate(double[] values) {
    return Arrays.stream(values).map(d -> -d).toArray();
  }

  /** Whether {@code a} is greater than {@code b} by more than the slack. */
  private static boolean greater(double a, double b) {
    return a - b > SLACK * Math.max(Math.abs(a), Math.abs(b));
  }

  private static Double median(List<Double> series) {
    double[] v = present(series);
    if (v.length == 0) {
      return null;
    }
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** A number as people read it: whole above 100, else three significant digits, no exponent. */
  static String show(double d) {
    if (Math.abs(d) >= 100) {
      return BigDecimal.valueOf(Math.round(d)).toPlainString();
    }
    if (d == 0) {
      return "0";
    }
    return new BigDecimal(d).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }

  private static String showP(double p) {
    return p < 0.0001 ? "p<0.0001" : "p=" + show(p);
  }

  private enum Unit { RATE, MILLISECONDS, PLAIN }

  /** A signal's thresholds, normalised: which way is worse, the allowances and the limit. */
  private record Rule(String key, Unit unit, boolean lowerIsBetter, Double maxIncrease, Double ratio,
      Double absoluteLimit, double confidence) {

    static Rule of(AnalysisSignal signal) {
      if (signal.errorRate() != null) {
        ErrorRateSignal e = signal.errorRate();
        return new Rule(signal.key(), Unit.RATE, true, e.maxIncrease() == null ? 0.0 : e.maxIncrease(), null,
            e.maxAbsolute(), e.confidence());
      }
      if (signal.latency() != null) {
        LatencySignal l = signal.latency();
        return new Rule(signal.key(), Unit.MILLISECONDS, true, null,
            l.maxIncreaseRatio() == null ? 1.0 : l.maxIncreaseRatio(),
            l.maxAbsolute() == null ? null : (double) l.maxAbsolute().toNanos() / 1_000_000, l.confidence());
      }
      MetricSignal m = Objects.requireNonNull(signal.metric(), "a signal names errorRate, latency or metric");
      Double increase = m.lowerIsBetter() ? m.maxIncrease() : m.maxDecrease();
      Double ratio = m.lowerIsBetter() ? m.maxIncreaseRatio() : m.minRatio();
      if (increase == null && ratio == null) {
        increase = 0.0;
      }
      return new Rule(signal.key(), Unit.PLAIN, m.lowerIsBetter(), increase, ratio,
          m.lowerIsBetter() ? m.maxAbsolute() : m.minAbsolute(), m.confidence());
    }

    /** The signal's figure in each interval; null where the interval has none. */
    List<Double> series(List<IntervalSample> intervals) {
      List<Double> out = new ArrayList<>();
      for (IntervalSample s : intervals) {
        if (unit == Unit.RATE) {
          out.add(s.requests() > 0 ? (double) s.errors() / s.requests() : null);
        } else {
          Double v = s.value(key);
          out.add(v == null || !Double.isFinite(v) ? null : v);
        }
      }
      return out;
    }

    /** The figure over the window compared with the allowances; null without data. */
    Double figure(List<IntervalSample> intervals, List<Double> series) {
      if (unit == Unit.RATE) {
        long requests = intervals.stream().mapToLong(IntervalSample::requests).sum();
        long errors = intervals.stream().filter(s -> s.requests() > 0).mapToLong(IntervalSample::errors).sum();
        return requests > 0 ? (double) errors / requests : null;
      }
      return median(series);
    }

    boolean pastLimit(double canary) {
      return lowerIsBetter ? greater(canary, absoluteLimit) : greater(absoluteLimit, canary);
    }

    boolean beyondAllowance(double baseline, double canary) {
      boolean byIncrease = maxIncrease == null || (lowerIsBetter ? greater(canary - baseline, maxIncrease)
          : greater(baseline - canary, maxIncrease));
      boolean byRatio = ratio == null || (lowerIsBetter ? greater(canary, baseline * ratio)
          : greater(baseline * ratio, canary));
      return byIncrease && byRatio;
    }

    String show(double value) {
      return switch (unit) {
        case RATE -> CanaryJudge.show(value * 100) + "%";
        case MILLISECONDS -> CanaryJudge.show(value) + " ms";
        case PLAIN -> CanaryJudge.show(value);
      };
    }

    String change(double baseline, double canary) {
      List<String> parts = new ArrayList<>();
      if (maxIncrease != null) {
        double d = canary - baseline;
        String sign = d >= 0 ? "+" : "-";
        parts.add(unit == Unit.RATE ? sign + points(Math.abs(d))
            : sign + CanaryJudge.show(Math.abs(d)) + (unit == Unit.MILLISECONDS ? " ms" : ""));
      }
      if (ratio != null) {
        parts.add(baseline == 0 ? (canary == 0 ? "×1" : "from 0") : "×" + CanaryJudge.show(canary / baseline));
      }
      return String.join(", ", parts);
    }

    /** A difference of rates in percentage points. */
    static String points(double rateDifference) {
      String shown = CanaryJudge.show(rateDifference * 100);
      return shown + (shown.equals("1") ? " pt" : " pts");
    }

    String allowance() {
      List<String> parts = new ArrayList<>();
      if (maxIncrease != null) {
        parts.add(unit == Unit.RATE ? points(maxIncrease)
            : CanaryJudge.show(maxIncrease) + (unit == Unit.MILLISECONDS ? " ms" : "") + (lowerIsBetter ? "" : " less"));
      }
      if (ratio != null) {
        parts.add("×" + CanaryJudge.show(ratio));
      }
      return String.join(" and ", parts);
    }
  }

  /** Builds a signal's verdict with its figures. */
  private record Verdicts(Rule rule, Double baseline, Double canary, List<Double> baselineSeries,
      List<Double> canarySeries, Double u, Double p) {

    SignalVerdict of(AnalysisOutcome outcome, String reason) {
      return new SignalVerdict(rule.key, outcome, baseline, canary, baselineSeries, canarySeries, u, p,
          rule.confidence, rule.maxIncrease, rule.ratio, rule.absoluteLimit, reason);
    }
  }
}
