package dev.shepherd.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.spec.AnalysisSignal;
import dev.shepherd.spec.AnalysisSpec;
import dev.shepherd.spec.ErrorRateSignal;
import dev.shepherd.spec.LatencySignal;
import dev.shepherd.spec.MetricDirection;
import dev.shepherd.spec.MetricSignal;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The judge's rules, boundary by boundary (see {@link CanaryJudge}). */
class CanaryJudgeTest {

  private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
  private static final String P99 = "latency p99";
  private static final String DECLINES = "Payments/Declines Average";
  private static final AnalysisSignal ERROR_RATE_1PT = AnalysisSignal.of(new ErrorRateSignal(0.01, null, null));
  private static final AnalysisSignal LATENCY_X1_2 = AnalysisSignal.of(new LatencySignal(99.0, 1.2, null, null));

  // --- the whole verdict -----------------------------------------------------------------------------

  @Test
  void givenAClearlyWorseCanary_itFailsNamingTheFiguresTheAllowanceAndTheTest() {
    // The baseline takes 90% of the traffic with 0.2% errors; the canary 10%, with 4% or 5% errors.
    MetricSamples samples = new MetricSamples("1", "2", rates(10, 1000, 2, 2), rates(10, 100, 4, 5));

    AnalysisVerdict verdict = judge(spec(ERROR_RATE_1PT), samples);

    assertThat(verdict.outcome()).isEqualTo(AnalysisOutcome.FAIL);
    SignalVerdict errorRate = verdict.signals().get(0);
    assertThat(errorRate.baseline()).isEqualTo(0.002);
    assertThat(errorRate.canary()).isEqualTo(0.045);
    assertThat(errorRate.pValue()).isLessThan(0.001);
    assertThat(errorRate.uStatistic()).isEqualTo(100.0);
    assertThat(errorRate.canaryByInterval()).hasSize(10).first().isEqualTo(0.04);
    assertThat(verdict.reasons()).containsExactly(
        "error rate 4.5% vs 0.2% (+4.3 pts > 1 pt allowed; Mann–Whitney p<0.0001 < 0.05)");
    assertThat(verdict.summary()).startsWith("FAIL (version 2 against 1): error rate 4.5% vs 0.2%");
  }

  @Test
  void givenACanaryEqualToItsBaseline_itPasses() {
    MetricSamples samples = new MetricSamples("1", "2", rates(10, 900, 2, 3), rates(10, 100, 0, 1));

    AnalysisVerdict verdict = judge(spec(ERROR_RATE_1PT, LATENCY_X1_2),
        withLatency(samples, List.of(100.0, 110.0, 95.0, 105.0, 100.0, 98.0, 102.0, 107.0, 99.0, 101.0),
            List.of(101.0, 99.0, 104.0, 97.0, 108.0, 100.0, 96.0, 103.0, 100.0, 102.0)));

    assertThat(verdict.outcome()).isEqualTo(AnalysisOutcome.PASS);
    assertThat(verdict.signals()).extracting(SignalVerdict::outcome)
        .containsExactly(AnalysisOutcome.PASS, AnalysisOutcome.PASS);
    assertThat(verdict.signals().get(1).reason())
        .startsWith("latency p99 101 ms vs 101 ms (×1, within ×1.2 allowed; Mann–Whitney p=");
  }

  @Test
  void givenASilentCanary_itIsInconclusive() {
    MetricSamples samples = new MetricSamples("1", "2", rates(5, 1000, 1, 1), rates(5, 0, 0, 0));

    AnalysisVerdict verdict = judge(spec(ERROR_RATE_1PT, LATENCY_X1_2), samples);

    assertThat(verdict.outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
    assertThat(verdict.canaryRequests()).isZero();
    assertThat(verdict.reasons()).containsExactly("canary served 0 requests, fewer than the 100 needed for a verdict");
    assertThat(verdict.signals()).allSatisfy(s -> assertThat(s.outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE));
    assertThat(verdict.signals().get(0).canary()).isNull();
  }

  @Test
  void givenTooFewCanaryRequests_evenAClearlyFailingCanaryIsInconclusive_andExactlyTheMinimumIsEnough() {
    // 9 intervals of 11 requests = 99, one short of the minimum of 100; half of them fail.
    MetricSamples ninetyNine = new MetricSamples("1", "2", rates(9, 1000, 1, 1), rates(9, 11, 5, 6));
    AnalysisVerdict tooFew = judge(spec(ERROR_RATE_1PT), ninetyNine);
    assertThat(tooFew.outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
    assertThat(tooFew.signals().get(0).canary()).as("the figures are still given").isGreaterThan(0.4);

    List<IntervalSample> hundred = new ArrayList<>(ninetyNine.canary());
    hundred.set(0, IntervalSample.of(T0, 12, 6));
    AnalysisVerdict enough = judge(spec(ERROR_RATE_1PT), new MetricSamples("1", "2", ninetyNine.baseline(), hundred));
    assertThat(enough.canaryRequests()).isEqualTo(100);
    assertThat(enough.outcome()).isEqualTo(AnalysisOutcome.FAIL);
  }

  @Test
  void givenOneFailingAndOnePassingSignal_theVerdictFailsAndGivesTheFailingReasonFirst() {
    MetricSamples samples = withLatency(new MetricSamples("1", "2", rates(6, 1000, 1, 1), rates(6, 100, 0, 0)),
        List.of(100.0, 101.0, 102.0, 103.0, 104.0, 105.0), List.of(200.0, 201.0, 202.0, 203.0, 204.0, 205.0));

    AnalysisVerdict verdict = judge(spec(ERROR_RATE_1PT, LATENCY_X1_2), samples);

    assertThat(verdict.outcome()).isEqualTo(AnalysisOutcome.FAIL);
    assertThat(verdict.signals()).extracting(SignalVerdict::outcome)
        .containsExactly(AnalysisOutcome.PASS, AnalysisOutcome.FAIL);
    assertThat(verdict.reasons()).hasSize(2);
    assertThat(verdict.reasons().get(0))
        .isEqualTo("latency p99 203 ms vs 103 ms (×1.98 > ×1.2 allowed; Mann–Whitney p=0.00108 < 0.05)");
    assertThat(verdict.reasons().get(1)).startsWith("error rate 0% vs 0.1% (-0.1 pts, within 1 pt allowed;");
  }

  // --- the error rate's boundaries -------------------------------------------------------------------

  @Test
  void givenAnErrorRateExactlyAtTheAllowedIncrease_itPasses_andJustOverItFails() {
    // Baseline 1% in every interval; the canary 2%: significantly worse, by exactly the allowed point.
    List<IntervalSample> baseline = rates(8, 1000, 10, 10);
    AnalysisVerdict atAllowance = judge(spec(ERROR_RATE_1PT), new MetricSamples("1", "2", baseline,
        rates(8, 1000, 20, 20)));
    assertThat(atAllowance.outcome()).isEqualTo(AnalysisOutcome.PASS);
    assertThat(atAllowance.reasons().get(0))
        .isEqualTo("error rate 2% vs 1% (+1 pt, within 1 pt allowed; Mann–Whitney p<0.0001)");

    AnalysisVerdict justOver = judge(spec(ERROR_RATE_1PT), new MetricSamples("1", "2", baseline,
        rates(8, 1000, 21, 21)));
    assertThat(justOver.outcome()).isEqualTo(AnalysisOutcome.FAIL);
    assertThat(justOver.reasons().get(0)).startsWith("error rate 2.1% vs 1% (+1.1 pts > 1 pt allowed;");
  }

  @Test
  void givenAnErrorRateExactlyAtTheAbsoluteLimit_itPasses_andJustOverItFailsWhateverTheBaseline() {
    AnalysisSignal absolute = AnalysisSignal.of(new ErrorRateSignal(0.5, 0.05, null));
    // The baseline is as bad as the canary: no statistics could call the canary worse.
    AnalysisVerdict atLimit = judge(spec(absolute), new MetricSamples("1", "2", rates(5, 1000, 50, 50),
        rates(5, 1000, 50, 50)));
    assertThat(atLimit.outcome()).isEqualTo(AnalysisOutcome.PASS);

    AnalysisVerdict overLimit = judge(spec(absolute), new MetricSamples("1", "2", rates(5, 1000, 51, 51),
        rates(5, 1000, 51, 51)));
    assertThat(overLimit.outcome()).isEqualTo(AnalysisOutcome.FAIL);
    assertThat(overLimit.reasons().get(0))
        .isEqualTo("error rate 5.1% is past the absolute limit of 5% (baseline 5.1%)");
  }

  @Test
  void givenAnAbsoluteLimitBrokenWithoutAnyBaseline_itFails_andWithinItIsInconclusive() {
    AnalysisSignal absolute = AnalysisSignal.of(new ErrorRateSignal(0.01, 0.05, null));
    // A bake: the old version takes no traffic any more.
    AnalysisVerdict broken = judge(spec(absolute), new MetricSamples("1", "2", rates(5, 0, 0, 0),
        rates(5, 1000, 80, 80)));
    assertThat(broken.outcome()).isEqualTo(AnalysisOutcome.FAIL);

    AnalysisVerdict within = judge(spec(absolute), new MetricSamples("1", "2", rates(5, 0, 0, 0),
        rates(5, 1000, 1, 1)));
    assertThat(within.outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
    assertThat(within.reasons().get(0)).isEqualTo("error rate 0.1%: no baseline data to compare with (version 1)");
  }

  // --- latency's boundaries --------------------------------------------------------------------------

  @Test
  void givenALatencyExactlyAtTheAllowedRatio_itPasses_andJustOverItFails() {
    MetricSamples base = new MetricSamples("1", "2", rates(5, 1000, 0, 0), rates(5, 100, 0, 0));
    List<Double> baseline = List.of(100.0, 100.0, 100.0, 100.0, 100.0);

    AnalysisVerdict atRatio = judge(spec(LATENCY_X1_2), withLatency(base, baseline,
        List.of(120.0, 120.0, 120.0, 120.0, 120.0)));
    assertThat(atRatio.outcome()).isEqualTo(AnalysisOutcome.PASS);
    assertThat(atRatio.signals().get(0).pValue()).as("significantly worse, but within the ratio").isLessThan(0.05);

    AnalysisVerdict overRatio = judge(spec(LATENCY_X1_2), withLatency(base, baseline,
        List.of(121.0, 121.0, 121.0, 121.0, 121.0)));
    assertThat(overRatio.outcome()).isEqualTo(AnalysisOutcome.FAIL);
    assertThat(overRatio.reasons().get(0)).startsWith("latency p99 121 ms vs 100 ms (×1.21 > ×1.2 allowed;");
  }

  @Test
  void givenALatencyAbsoluteLimit_aMedianEqualToItPasses_andAboveItFails() {
    AnalysisSignal limited = AnalysisSignal.of(new LatencySignal(99.0, 10.0, Duration.ofMillis(250), null));
    MetricSamples base = new MetricSamples("1", "2", rates(5, 1000, 0, 0), rates(5, 100, 0, 0));
    List<Double> baseline = List.of(240.0, 245.0, 250.0, 255.0, 260.0);
    assertThat(judge(spec(limited), withLatency(base, baseline, List.of(240.0, 245.0, 250.0, 255.0, 260.0)))
        .outcome()).isEqualTo(AnalysisOutcome.PASS);
    AnalysisVerdict over = judge(spec(limited), withLatency(base, baseline, List.of(240.0, 245.0, 251.0, 255.0, 260.0)));
    assertThat(over.outcome()).isEqualTo(AnalysisOutcome.FAIL);
    assertThat(over.reasons().get(0)).isEqualTo("latency p99 251 ms is past the absolute limit of 250 ms (baseline 250 ms)");
  }

  @Test
  void givenALatencyCloudWatchDidNotComputeForTheCanary_itIsInconclusive() {
    MetricSamples samples = withLatency(new MetricSamples("1", "2", rates(5, 1000, 0, 0), rates(5, 100, 0, 0)),
        List.of(100.0, 100.0, 100.0, 100.0, 100.0), null);

    AnalysisVerdict verdict = judge(spec(ERROR_RATE_1PT, LATENCY_X1_2), samples);

    assertThat(verdict.outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
    assertThat(verdict.reasons().get(0)).isEqualTo("latency p99: no data from the canary (version 2)");
  }

  // --- the test's boundaries -------------------------------------------------------------------------

  @Test
  void givenThreeIntervalsEach_aWorseCanaryIsInconclusive_becauseTheTestCannotReachSignificance() {
    MetricSamples three = withLatency(new MetricSamples("1", "2", rates(3, 1000, 0, 0), rates(3, 100, 0, 0)),
        List.of(100.0, 101.0, 102.0), List.of(200.0, 201.0, 202.0));

    AnalysisVerdict verdict = judge(spec(LATENCY_X1_2), three);

    assertThat(verdict.outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
    assertThat(verdict.signals().get(0).pValue()).as("exact: 1 / C(6, 3)").isEqualTo(0.05);
    assertThat(verdict.reasons().get(0)).isEqualTo("latency p99 201 ms vs 101 ms (×1.99 > ×1.2 allowed; but 3 canary"
        + " and 3 baseline intervals can give p=0.05 at best, not < 0.05: too few intervals to judge)");
  }

  @Test
  void givenOneMoreBaselineInterval_theSameCanaryFails() {
    MetricSamples fourAndThree = withLatency(new MetricSamples("1", "2", rates(4, 1000, 0, 0), rates(3, 100, 0, 0)),
        List.of(100.0, 101.0, 102.0, 103.0), List.of(200.0, 201.0, 202.0));

    AnalysisVerdict verdict = judge(spec(LATENCY_X1_2), fourAndThree);

    assertThat(verdict.outcome()).isEqualTo(AnalysisOutcome.FAIL);
    assertThat(verdict.signals().get(0).pValue()).as("exact: 1 / C(7, 3)").isCloseTo(1.0 / 35, within());
  }

  @Test
  void givenAWorseButNoisyCanary_overEnoughIntervals_itPassesAsNotSignificant() {
    MetricSamples noisy = withLatency(new MetricSamples("1", "2", rates(6, 1000, 0, 0), rates(6, 100, 0, 0)),
        List.of(100.0, 110.0, 120.0, 130.0, 140.0, 150.0), List.of(90.0, 95.0, 200.0, 210.0, 220.0, 105.0));

    AnalysisVerdict verdict = judge(spec(LATENCY_X1_2), noisy);

    assertThat(verdict.outcome()).isEqualTo(AnalysisOutcome.PASS);
    assertThat(verdict.reasons().get(0)).isEqualTo("latency p99 153 ms vs 125 ms (×1.22 > ×1.2 allowed; but not"
        + " significant: Mann–Whitney p=0.469 ≥ 0.05)");
  }

  @Test
  void aPValueEqualToOneMinusTheConfidenceIsNotSignificant() {
    // Three intervals each reach exactly p = 0.05 at best; at confidence 0.95 that is not enough, at 0.9 it is.
    MetricSamples three = withLatency(new MetricSamples("1", "2", rates(3, 1000, 0, 0), rates(3, 100, 0, 0)),
        List.of(100.0, 101.0, 102.0), List.of(200.0, 201.0, 202.0));
    assertThat(judge(spec(LATENCY_X1_2), three).outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
    AnalysisSignal at90 = AnalysisSignal.of(new LatencySignal(99.0, 1.2, null, 0.9));
    assertThat(judge(spec(at90), three).outcome()).isEqualTo(AnalysisOutcome.FAIL);
  }

  @Test
  void smallestAttainablePValuesFollowTheBinomialCoefficient() {
    assertThat(CanaryJudge.smallestP(1, 1)).isEqualTo(0.5);
    assertThat(CanaryJudge.smallestP(3, 3)).isCloseTo(1.0 / 20, within());
    assertThat(CanaryJudge.smallestP(5, 5)).isCloseTo(1.0 / 252, within());
    assertThat(CanaryJudge.smallestP(2, 10)).isCloseTo(1.0 / 66, within());
  }

  // --- custom metrics --------------------------------------------------------------------------------

  @Test
  void givenAHigherIsBetterMetricBelowItsMinimumRatio_itFails_andAtItPasses() {
    AnalysisSignal conversions = AnalysisSignal.of(new MetricSignal(null, "Payments", "Checkouts",
        Map.of("Version", "${version}"), "Average", null, null, MetricDirection.HIGHER_IS_BETTER, null, null, null,
        null, 0.8, null, null));
    String key = conversions.key();
    MetricSamples base = new MetricSamples("1", "2", rates(5, 1000, 0, 0), rates(5, 100, 0, 0));
    List<Double> baseline = List.of(10.0, 10.0, 10.0, 10.0, 10.0);

    AnalysisVerdict atRatio = judge(spec(conversions), withValues(base, key, baseline, List.of(8.0, 8.0, 8.0, 8.0, 8.0)));
    assertThat(atRatio.outcome()).isEqualTo(AnalysisOutcome.PASS);

    AnalysisVerdict below = judge(spec(conversions), withValues(base, key, baseline, List.of(7.0, 7.0, 7.0, 7.0, 7.0)));
    assertThat(below.outcome()).isEqualTo(AnalysisOutcome.FAIL);
    assertThat(below.reasons().get(0)).startsWith("Payments/Checkouts Average 7 vs 10 (×0.7 beyond ×0.8 allowed;");
  }

  @Test
  void givenALowerIsBetterMetricWithBothAllowances_theCanaryFailsOnlyBeyondBoth() {
    AnalysisSignal declines = AnalysisSignal.of(new MetricSignal(null, "Payments", "Declines",
        Map.of("Version", "${version}"), null, null, null, null, 2.0, 1.5, null, null, null, null, null));
    MetricSamples base = new MetricSamples("1", "2", rates(5, 1000, 0, 0), rates(5, 100, 0, 0));
    List<Double> baseline = List.of(2.0, 2.0, 2.0, 2.0, 2.0);

    // 2 -> 4: twice the baseline (beyond x1.5) but only 2 more (within +2).
    assertThat(judge(spec(declines), withValues(base, DECLINES, baseline, List.of(4.0, 4.0, 4.0, 4.0, 4.0))).outcome())
        .isEqualTo(AnalysisOutcome.PASS);
    // 2 -> 4.5: beyond both.
    AnalysisVerdict beyondBoth = judge(spec(declines), withValues(base, DECLINES, baseline,
        List.of(4.5, 4.5, 4.5, 4.5, 4.5)));
    assertThat(beyondBoth.outcome()).isEqualTo(AnalysisOutcome.FAIL);
    assertThat(beyondBoth.reasons().get(0))
        .startsWith("Payments/Declines Average 4.5 vs 2 (+2.5, ×2.25 > 2 and ×1.5 allowed;");
  }

  // --- determinism and history -----------------------------------------------------------------------

  @Test
  void theSameSamplesGiveTheSameVerdict_andTheVerdictSurvivesTemporalsJson() {
    MetricSamples samples = withLatency(new MetricSamples("1", "2", rates(10, 1000, 2, 2), rates(10, 100, 4, 5)),
        List.of(100.0, 101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 109.0),
        new ArrayList<>(java.util.Arrays.asList(100.0, null, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 109.0)));
    AnalysisSpec spec = spec(ERROR_RATE_1PT, LATENCY_X1_2);

    AnalysisVerdict first = judge(spec, samples);
    assertThat(judge(spec, samples)).isEqualTo(first);

    var converter = DefaultDataConverter.newDefaultInstance();
    AnalysisVerdict read = converter.fromPayload(converter.toPayload(first).orElseThrow(), AnalysisVerdict.class,
        AnalysisVerdict.class);
    assertThat(read).isEqualTo(first);
    assertThat(read.signals().get(1).canaryByInterval()).containsNull();
    MetricSamples readSamples = converter.fromPayload(converter.toPayload(samples).orElseThrow(), MetricSamples.class,
        MetricSamples.class);
    assertThat(readSamples).isEqualTo(samples);
  }

  // --- helpers ---------------------------------------------------------------------------------------

  private static AnalysisVerdict judge(AnalysisSpec spec, MetricSamples samples) {
    return CanaryJudge.judge(new AnalysisInput(spec, samples));
  }

  private static AnalysisSpec spec(AnalysisSignal... signals) {
    return new AnalysisSpec(null, null, null, null, null, List.of(signals));
  }

  /** {@code n} one-minute intervals of {@code requests} each, alternating {@code errorsA} and {@code errorsB} errors. */
  private static List<IntervalSample> rates(int n, long requests, long errorsA, long errorsB) {
    List<IntervalSample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(IntervalSample.of(T0.plusSeconds(60L * i), requests, i % 2 == 0 ? errorsA : errorsB));
    }
    return out;
  }

  private static MetricSamples withLatency(MetricSamples samples, List<Double> baseline, List<Double> canary) {
    return withValues(samples, P99, baseline, canary);
  }

  private static MetricSamples withValues(MetricSamples samples, String key, List<Double> baseline, List<Double> canary) {
    return new MetricSamples(samples.baselineVersion(), samples.canaryVersion(), with(samples.baseline(), key, baseline),
        with(samples.canary(), key, canary));
  }

  private static List<IntervalSample> with(List<IntervalSample> intervals, String key, List<Double> values) {
    List<IntervalSample> out = new ArrayList<>();
    for (int i = 0; i < intervals.size(); i++) {
      IntervalSample s = intervals.get(i);
      Map<String, Double> v = new java.util.HashMap<>(s.values());
      if (values != null && values.get(i) != null) {
        v.put(key, values.get(i));
      }
      out.add(new IntervalSample(s.start(), s.requests(), s.errors(), v));
    }
    return out;
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }
}
