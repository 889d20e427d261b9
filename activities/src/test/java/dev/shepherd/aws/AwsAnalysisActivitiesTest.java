package dev.shepherd.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.analysis.AnalysisInput;
import dev.shepherd.analysis.AnalysisOutcome;
import dev.shepherd.analysis.AnalysisVerdict;
import dev.shepherd.analysis.CanaryJudge;
import dev.shepherd.analysis.IntervalSample;
import dev.shepherd.analysis.MetricSamples;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.AnalysisActivities;
import dev.shepherd.cloud.CanaryMetricsRequest;
import dev.shepherd.cloud.TimeWindow;
import dev.shepherd.spec.AnalysisSignal;
import dev.shepherd.spec.AnalysisSpec;
import dev.shepherd.spec.ErrorRateSignal;
import dev.shepherd.spec.LatencySignal;
import dev.shepherd.spec.MetricQuery;
import dev.shepherd.spec.MetricSignal;
import dev.shepherd.spec.Region;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Reading canary analysis's figures from CloudWatch in moto: metrics are seeded with PutMetricData, as
 * Lambda publishes them per executed version, and read back per interval; then judged.
 */
class AwsAnalysisActivitiesTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final AliasRef ALIAS = new AliasRef(EAST, AwsFixtures.FUNCTION, AwsFixtures.ALIAS);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final int INTERVALS = 6;
  private static final AnalysisSignal ERROR_RATE = AnalysisSignal.of(new ErrorRateSignal(0.01, null, null));
  private static final AnalysisSignal P99 = AnalysisSignal.of(new LatencySignal(99.0, 1.2, null, null));
  /** Its dimensions in another order than the application puts them: CloudWatch matches them as a set. */
  private static final AnalysisSignal DECLINES = AnalysisSignal.of(MetricSignal.of("Payments", "Declines",
      inOrder("Version", "${version}", "Service", "payments"), "Average", 1.5));

  private AwsFixtures fixtures;
  private TestActivityEnvironment env;
  private AnalysisActivities analysis;
  /** The first interval: whole minutes, half an hour ago (CloudWatch takes data up to two weeks old). */
  private Instant t0;

  @BeforeEach
  void setUp() {
    fixtures = new AwsFixtures();
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new AwsAnalysisActivities(fixtures.aws));
    analysis = env.newActivityStub(AnalysisActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
    t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
  }

  @AfterEach
  void tearDown() {
    env.close();
    fixtures.close();
  }

  @Test
  void givenSeededMetricsOfBothVersions_itReadsEachIntervalsInvocationsErrorsP99AndCustomMetric() {
    for (int i = 0; i < INTERVALS; i++) {
      // The baseline takes 90% of the traffic; its p99 is 120 ms, the canary's 300 ms.
      lambda("1", i, 900, i, new double[] {20, 40, 120}, new double[] {600, 282, 18});
      lambda("2", i, 100, 5, new double[] {25, 300}, new double[] {95, 5});
      declines("1", i, 2.0);
      declines("2", i, 3.0 + i);
    }

    MetricSamples samples = analysis.readCanaryMetrics(request("1", "2", ERROR_RATE, P99, DECLINES));

    assertThat(samples.baseline()).hasSize(INTERVALS);
    assertThat(samples.canary()).hasSize(INTERVALS);
    IntervalSample third = samples.canary().get(2);
    assertThat(third.start()).isEqualTo(t0.plus(MINUTE.multipliedBy(2)));
    assertThat(third.requests()).isEqualTo(100);
    assertThat(third.errors()).isEqualTo(5);
    assertThat(third.values()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "latency p99", 300.0, "Payments/Declines Average", 5.0));
    assertThat(samples.baseline()).extracting(IntervalSample::errors).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    assertThat(samples.baseline()).allSatisfy(s -> assertThat(s.value("latency p99")).isEqualTo(120.0));
    assertThat(samples.baselineRequests()).isEqualTo(900L * INTERVALS);
  }

  @Test
  void givenAClearlyWorseCanary_theVerdictOnWhatIsReadFails() {
    for (int i = 0; i < INTERVALS; i++) {
      lambda("1", i, 900, 2, new double[] {20, 100}, new double[] {880, 20});
      lambda("2", i, 100, 6, new double[] {20, 400}, new double[] {95, 5});
    }

    AnalysisVerdict verdict = judge(analysis.readCanaryMetrics(request("1", "2", ERROR_RATE, P99)), ERROR_RATE, P99);

    assertThat(verdict.outcome()).isEqualTo(AnalysisOutcome.FAIL);
    assertThat(verdict.reasons()).containsExactly(
        "error rate 6% vs 0.222% (+5.78 pts > 1 pt allowed; Mann–Whitney p=0.000631 < 0.05)",
        "latency p99 400 ms vs 100 ms (×4 > ×1.2 allowed; Mann–Whitney p=0.000631 < 0.05)");
  }

  @Test
  void givenACanaryLikeItsBaseline_theVerdictOnWhatIsReadPasses() {
    for (int i = 0; i < INTERVALS; i++) {
      lambda("1", i, 900, i % 3, new double[] {20, 100 + i}, new double[] {891, 9});
      lambda("2", i, 100, (i + 1) % 2, new double[] {20, 103 - i}, new double[] {99, 1});
    }

    AnalysisVerdict verdict = judge(analysis.readCanaryMetrics(request("1", "2", ERROR_RATE, P99)), ERROR_RATE, P99);

    assertThat(verdict.outcome()).isEqualTo(AnalysisOutcome.PASS);
    assertThat(verdict.canaryRequests()).isEqualTo(600);
  }

  @Test
  void givenAVersionWithNoData_itReadsAsSilentIntervals_andTheVerdictIsInconclusive() {
    for (int i = 0; i < INTERVALS; i++) {
      lambda("1", i, 900, 1, new double[] {20, 100}, new double[] {891, 9});
    }

    MetricSamples samples = analysis.readCanaryMetrics(request("1", "2", ERROR_RATE, P99, DECLINES));

    assertThat(samples.canary()).hasSize(INTERVALS).allSatisfy(s -> {
      assertThat(s.requests()).isZero();
      assertThat(s.errors()).isZero();
      assertThat(s.values()).isEmpty();
    });
    AnalysisVerdict verdict = judge(samples, ERROR_RATE, P99, DECLINES);
    assertThat(verdict.outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
    assertThat(verdict.reasons()).containsExactly("canary served 0 requests, fewer than the 100 needed for a verdict");
  }

  @Test
  void metricsOfAnotherAliasOrFunctionAreNotTheVersions() {
    for (int i = 0; i < INTERVALS; i++) {
      lambda("1", i, 900, 0, new double[] {20}, new double[] {900});
      // Version 2 served traffic through another alias, and a function of another name has a version 2 too.
      put("Invocations", i, 100, Map.of("FunctionName", AwsFixtures.FUNCTION, "Resource", AwsFixtures.FUNCTION + ":beta",
          "ExecutedVersion", "2"));
      put("Invocations", i, 100, Map.of("FunctionName", "other", "Resource", "other:live", "ExecutedVersion", "2"));
    }

    MetricSamples samples = analysis.readCanaryMetrics(request("1", "2", ERROR_RATE));

    assertThat(samples.canaryRequests()).isZero();
    assertThat(samples.baselineRequests()).isEqualTo(900L * INTERVALS);
  }

  @Test
  void aFunctionNamedByArnIsReadUnderItsName_andAPartialIntervalAtTheEndIsLeftOut() {
    for (int i = 0; i < INTERVALS; i++) {
      lambda("1", i, 900, 0, new double[] {20}, new double[] {900});
      lambda("2", i, 100, 0, new double[] {20}, new double[] {100});
    }
    AliasRef byArn = new AliasRef(EAST, "arn:aws:lambda:us-east-1:123456789012:function:" + AwsFixtures.FUNCTION,
        AwsFixtures.ALIAS);
    TimeWindow threeAndAHalf = new TimeWindow(t0, t0.plus(Duration.ofSeconds(210)));

    MetricSamples samples = analysis.readCanaryMetrics(new CanaryMetricsRequest(byArn, "1", "2", threeAndAHalf, null,
        MINUTE, List.of(ERROR_RATE)));

    assertThat(samples.canary()).extracting(IntervalSample::requests).containsExactly(100L, 100L, 100L);
  }

  @Test
  void aBaselineWindowOfItsOwnIsReadForTheBaseline_asInABake() {
    for (int i = 0; i < INTERVALS; i++) {
      lambda("1", i, 1000, 0, new double[] {20}, new double[] {1000});
    }
    for (int i = INTERVALS; i < 2 * INTERVALS; i++) {
      lambda("2", i, 1000, 0, new double[] {20}, new double[] {1000});
    }
    TimeWindow before = new TimeWindow(t0, t0.plus(MINUTE.multipliedBy(INTERVALS)));
    TimeWindow bake = new TimeWindow(before.end(), before.end().plus(MINUTE.multipliedBy(INTERVALS)));

    MetricSamples samples = analysis.readCanaryMetrics(new CanaryMetricsRequest(ALIAS, "1", "2", bake, before, MINUTE,
        List.of(ERROR_RATE)));

    assertThat(samples.baselineRequests()).isEqualTo(1000L * INTERVALS);
    assertThat(samples.canaryRequests()).isEqualTo(1000L * INTERVALS);
    assertThat(samples.baseline().get(0).start()).isEqualTo(t0);
    assertThat(samples.canary().get(0).start()).isEqualTo(bake.start());
  }

  @Test
  void aLatencyFromStatisticSets_isReadWhereCloudWatchCanComputeIt_andMissingWhereItCannot() {
    // A statistic set of equal values has percentiles; one of mixed values has none (CloudWatch's rule).
    MetricDatum equal = MetricDatum.builder().metricName("Duration").dimensions(lambdaDimensions("2"))
        .timestamp(t0.plusSeconds(10)).unit(StandardUnit.MILLISECONDS)
        .statisticValues(s -> s.sampleCount(10.0).sum(500.0).minimum(50.0).maximum(50.0)).build();
    MetricDatum mixed = equal.toBuilder().timestamp(t0.plusSeconds(70))
        .statisticValues(s -> s.sampleCount(10.0).sum(500.0).minimum(10.0).maximum(90.0)).build();
    fixtures.aws.cloudWatch(EAST).putMetricData(r -> r.namespace("AWS/Lambda").metricData(equal, mixed));

    MetricSamples samples = analysis.readCanaryMetrics(request("1", "2", P99));

    assertThat(samples.canary().get(0).value("latency p99")).isEqualTo(50.0);
    assertThat(samples.canary().get(1).values()).isEmpty();
  }

  @Test
  void anExpressionSignalIsReadWithItsOwnMetrics_whichMotoEvaluatesOnlyWhenTheExpressionIsAnId() {
    for (int i = 0; i < INTERVALS; i++) {
      declines("2", i, 4.0);
      declines("1", i, 2.0);
    }
    Map<String, MetricQuery> metrics = new LinkedHashMap<>();
    metrics.put("declines", new MetricQuery("Payments", "Declines", inOrder("Service", "payments", "Version",
        "${version}"), "Average"));
    AnalysisSignal identity = AnalysisSignal.of(new MetricSignal("declines", null, null, null, null, "declines",
        metrics, null, null, 1.5, null, null, null, null, null));
    AnalysisSignal arithmetic = AnalysisSignal.of(new MetricSignal("double declines", null, null, null, null,
        "declines * 2", metrics, null, null, 1.5, null, null, null, null, null));

    MetricSamples samples = analysis.readCanaryMetrics(request("1", "2", identity, arithmetic));

    assertThat(samples.canary()).allSatisfy(s -> assertThat(s.value("declines")).isEqualTo(4.0));
    assertThat(samples.baseline()).allSatisfy(s -> assertThat(s.value("declines")).isEqualTo(2.0));
    assertThat(samples.canary()).as("moto 5.2.1 answers metric math other than an id with no values")
        .allSatisfy(s -> assertThat(s.value("double declines")).isNull());
  }

  // --- helpers ---------------------------------------------------------------------------------------

  private CanaryMetricsRequest request(String baseline, String canary, AnalysisSignal... signals) {
    return new CanaryMetricsRequest(ALIAS, baseline, canary, new TimeWindow(t0, t0.plus(MINUTE.multipliedBy(INTERVALS))),
        null, MINUTE, List.of(signals));
  }

  private static AnalysisVerdict judge(MetricSamples samples, AnalysisSignal... signals) {
    return CanaryJudge.judge(new AnalysisInput(new AnalysisSpec(MINUTE, 100, null, null, null, List.of(signals)),
        samples));
  }

  /** What Lambda publishes for one version in interval {@code i}: invocations, errors, and durations. */
  private void lambda(String version, int i, int invocations, int errors, double[] durations, double[] counts) {
    Instant at = t0.plus(MINUTE.multipliedBy(i)).plusSeconds(10);
    List<Double> values = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (int k = 0; k < durations.length; k++) {
      values.add(durations[k]);
      weights.add(counts[k]);
    }
    fixtures.aws.cloudWatch(EAST).putMetricData(r -> r.namespace("AWS/Lambda").metricData(
        MetricDatum.builder().metricName("Invocations").dimensions(lambdaDimensions(version)).timestamp(at)
            .unit(StandardUnit.COUNT).value((double) invocations).build(),
        MetricDatum.builder().metricName("Errors").dimensions(lambdaDimensions(version)).timestamp(at)
            .unit(StandardUnit.COUNT).value((double) errors).build(),
        MetricDatum.builder().metricName("Duration").dimensions(lambdaDimensions(version)).timestamp(at)
            .unit(StandardUnit.MILLISECONDS).values(values).counts(weights).build()));
  }

  private void declines(String version, int i, double value) {
    fixtures.aws.cloudWatch(EAST).putMetricData(r -> r.namespace("Payments").metricData(MetricDatum.builder()
        .metricName("Declines").timestamp(t0.plus(MINUTE.multipliedBy(i)).plusSeconds(20)).value(value)
        .dimensions(Dimension.builder().name("Service").value("payments").build(),
            Dimension.builder().name("Version").value(version).build()).build()));
  }

  private void put(String metric, int i, double value, Map<String, String> dimensions) {
    List<Dimension> dims = dimensions.entrySet().stream()
        .map(e -> Dimension.builder().name(e.getKey()).value(e.getValue()).build()).toList();
    fixtures.aws.cloudWatch(EAST).putMetricData(r -> r.namespace("AWS/Lambda").metricData(MetricDatum.builder()
        .metricName(metric).dimensions(dims).timestamp(t0.plus(MINUTE.multipliedBy(i)).plusSeconds(10)).value(value)
        .build()));
  }

  private static Map<String, String> inOrder(String... namesAndValues) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      out.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return out;
  }

  private static List<Dimension> lambdaDimensions(String version) {
    return List.of(Dimension.builder().name("FunctionName").value(AwsFixtures.FUNCTION).build(),
        Dimension.builder().name("Resource").value(AwsFixtures.FUNCTION + ":" + AwsFixtures.ALIAS).build(),
        Dimension.builder().name("ExecutedVersion").value(version).build());
  }
}
