package dev.shepherd.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.worker.SpecReader;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code analysis} section: read at the root and per wave, defaults, and every problem with its path. */
class AnalysisSpecTest {

  @Test
  void givenAnAnalysisSection_itShouldReadEveryKindOfSignalWithItsThresholds() {
    Map<String, Object> doc = document();
    doc.put("analysis", map(
        "interval", "2m", "minRequests", 500, "maxExtensions", 2, "onFail", "pause", "during", list("canary", "bake"),
        "signals", list(
            map("errorRate", map("maxIncrease", "1%", "maxAbsolute", 0.05, "confidence", 0.99)),
            map("latency", map("percentile", "p99.9", "maxIncreaseRatio", 1.2, "maxAbsolute", "800ms")),
            map("metric", map("namespace", "Payments", "name", "Declines",
                "dimensions", map("Service", "payments", "Version", "${version}"), "statistic", "Sum",
                "direction", "lower-is-better", "maxIncreaseRatio", 1.5)),
            map("metric", map("label", "checkout rate", "expression", "done / started",
                "metrics", map(
                    "done", map("namespace", "Payments", "name", "Checkouts", "dimensions", map("Version", "${version}"),
                        "statistic", "Sum"),
                    "started", map("namespace", "Payments", "name", "Carts", "dimensions", map("Version", "${version}"),
                        "statistic", "Sum")),
                "direction", "higher-is-better", "minRatio", 0.9)))));

    AnalysisSpec analysis = read(doc).analysis();

    assertThat(analysis.interval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(analysis.minRequests()).isEqualTo(500);
    assertThat(analysis.maxExtensions()).isEqualTo(2);
    assertThat(analysis.onFail(PolicySpec.defaults())).isEqualTo(OnFailure.PAUSE);
    assertThat(analysis.during()).containsExactly(AnalysisPhase.CANARY, AnalysisPhase.BAKE);
    assertThat(analysis.signals()).extracting(AnalysisSignal::key)
        .containsExactly("error rate", "latency p99.9", "Payments/Declines Sum", "checkout rate");
    assertThat(analysis.signals().get(0).errorRate()).isEqualTo(new ErrorRateSignal(0.01, 0.05, 0.99));
    assertThat(analysis.signals().get(1).latency())
        .isEqualTo(new LatencySignal(99.9, 1.2, Duration.ofMillis(800), 0.95));
    MetricSignal declines = analysis.signals().get(2).metric();
    assertThat(declines.dimensions()).containsExactly(Map.entry("Service", "payments"), Map.entry("Version", "${version}"));
    assertThat(declines.isExpression()).isFalse();
    MetricSignal checkout = analysis.signals().get(3).metric();
    assertThat(checkout.isExpression()).isTrue();
    assertThat(checkout.metrics()).containsOnlyKeys("done", "started");
    assertThat(checkout.direction()).isEqualTo(MetricDirection.HIGHER_IS_BETTER);
    assertThat(checkout.minRatio()).isEqualTo(0.9);
  }

  @Test
  void givenAMinimalAnalysisSection_itShouldTakeTheDefaultsAndFollowThePolicyOnFailure() {
    Map<String, Object> doc = document();
    doc.put("analysis", map("signals", list(map("errorRate", map("maxIncrease", 0.01)))));
    ((Map<String, Object>) doc.get("policy")).put("onFailure", "pause");

    ReleaseSpec spec = read(doc);
    AnalysisSpec analysis = spec.analysis();

    assertThat(analysis.interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(analysis.minRequests()).isEqualTo(100);
    assertThat(analysis.maxExtensions()).isEqualTo(3);
    assertThat(analysis.during()).containsExactly(AnalysisPhase.CANARY);
    assertThat(analysis.judges(AnalysisPhase.BAKE)).isFalse();
    assertThat(analysis.onFail()).isNull();
    assertThat(analysis.onFail(spec.policy())).isEqualTo(OnFailure.PAUSE);
    assertThat(analysis.signals().get(0).errorRate().confidence()).isEqualTo(0.95);
  }

  @Test
  void aWavesAnalysisReplacesTheReleasesForThatWaveOnly() {
    Map<String, Object> doc = document();
    doc.put("analysis", map("signals", list(map("errorRate", map("maxIncrease", 0.01)))));
    wave(doc, 1).put("analysis", map("minRequests", 20, "signals", list(map("latency", map("percentile", 50)))));

    ReleaseSpec spec = read(doc);

    assertThat(spec.analysisFor(spec.waves().get(0))).isSameAs(spec.analysis());
    AnalysisSpec rest = spec.analysisFor(spec.waves().get(1));
    assertThat(rest.minRequests()).isEqualTo(20);
    assertThat(rest.signals()).extracting(AnalysisSignal::key).containsExactly("latency p50");
  }

  @Test
  void givenNoAnalysis_noWaveIsAnalysed() {
    ReleaseSpec spec = read(document());
    assertThat(spec.analysis()).isNull();
    assertThat(spec.waves()).allSatisfy(w -> assertThat(spec.analysisFor(w)).isNull());
  }

  @Test
  void givenABadAnalysisSection_everyProblemIsReportedWithItsPath() {
    Map<String, Object> doc = document();
    doc.put("analysis", map(
        "interval", "45s", "minRequests", -1, "maxExtensions", 99, "onFail", "explode", "during", list("canary", "soak"),
        "signals", list(
            map("errorRate", map("maxIncrease", 2, "maxAbsolute", 0), "latency", map()),
            map("errorRate", map("maxIncrease", "lots", "confidence", 1)),
            map("latency", map("percentile", 100, "maxIncreaseRatio", 0.9, "maxAbsolute", "0s", "stray", 1)),
            map("metric", map("namespace", "Payments", "name", "Declines", "dimensions", map("Service", "payments"))),
            map("metric", map("namespace", "Payments", "name", "Errors", "dimensions", map("Version", "${versoin}"),
                "statistic", "p999x", "direction", "higher-is-better", "maxIncreaseRatio", 1.5, "minRatio", 1.5)),
            map("metric", map("expression", "a / b", "namespace", "Payments", "metrics",
                map("Bad-Id", map("namespace", "P", "name", "A", "dimensions", map("Version", "${version}")),
                    "sh_b", map("name", "B")))))));
    wave(doc, 1).put("analysis", map("interval", "90s", "signals", list()));

    assertThat(problems(doc)).containsExactlyInAnyOrder(
        "analysis.onFail: \"explode\" is not a failure policy; use rollback or pause",
        "analysis.during[1]: \"soak\" is not a phase to judge in; use canary or bake",
        "analysis.signals[0]: names 2 signals; give each its own list item (- errorRate: ..., - latency: ...)",
        "analysis.signals[1].errorRate.maxIncrease: \"lots\" is not a number",
        "analysis.signals[2].latency.stray: unknown key (expected one of: percentile, maxIncreaseRatio, maxAbsolute,"
            + " confidence)",
        "analysis.interval: 45s is not a CloudWatch period: 1s, 5s, 10s, 30s or a whole number of minutes"
            + " (Lambda's own metrics are per minute)",
        "analysis.minRequests: -1 is negative; give 0 for no minimum",
        "analysis.maxExtensions: 99 is outside 0..24",
        "analysis.signals[1].errorRate.confidence: 1 is outside 0.5 to 1 (1 excluded); e.g. 0.95",
        "analysis.signals[2].latency.percentile: 100 is outside 0 to 100 (both excluded); e.g. 50, 99 or 99.9",
        "analysis.signals[2].latency.maxIncreaseRatio: 0.9 is below 1; a ratio of 1.2 lets the canary be 20% worse",
        "analysis.signals[2].latency.maxAbsolute: 0s must be more than zero",
        "analysis.signals[3].metric: reads the same series for the baseline and the canary: put ${version} in a"
            + " dimension value (e.g. Version: ${version})",
        "analysis.signals[4].metric.statistic: \"p999x\" is not a CloudWatch statistic; use Sum, Average, Minimum,"
            + " Maximum, SampleCount or a percentile such as p99",
        "analysis.signals[4].metric.dimensions.Version: ${versoin} is not a placeholder; use ${version}, ${function},"
            + " ${alias} or ${region}",
        "analysis.signals[4].metric: reads the same series for the baseline and the canary: put ${version} in a"
            + " dimension value (e.g. Version: ${version})",
        "analysis.signals[4].metric.maxIncreaseRatio: is for direction: lower-is-better; with higher-is-better give"
            + " maxDecrease, minRatio or minAbsolute",
        "analysis.signals[4].metric.minRatio: 1.5 is outside 0 to 1 (0 excluded); a share of the baseline: 0.8 allows"
            + " 20% less",
        "analysis.signals[5].metric: gives both a metric (namespace, name, dimensions) and an expression; a signal is"
            + " one or the other, and an expression names its metrics under metrics",
        "analysis.signals[5].metric.metrics.sh_b.namespace: is required",
        "waves[1].analysis.interval: 1m30s is not a CloudWatch period: 1s, 5s, 10s, 30s or a whole number of minutes"
            + " (Lambda's own metrics are per minute)",
        "waves[1].analysis.signals: must list at least one signal (errorRate, latency or metric)");
  }

  @Test
  void givenABadExpressionSignal_itsIdsAndMetricsAreChecked() {
    Map<String, Object> doc = document();
    doc.put("analysis", map("signals", list(
        map("metric", map("expression", "a / sh_b", "metrics",
            map("Bad-Id", map("namespace", "P", "name", "A", "dimensions", map("Version", "${version}")),
                "sh_b", map("namespace", "P", "name", "B")))),
        map("metric", map("expression", "x")))));

    assertThat(problems(doc)).containsExactlyInAnyOrder(
        "analysis.signals[0].metric.metrics.Bad-Id: \"Bad-Id\" is not a metric id: a lower-case letter, then letters,"
            + " digits or _",
        "analysis.signals[0].metric.metrics.sh_b: ids starting with sh_ are Shepherd's own; name it otherwise",
        "analysis.signals[1].metric.metrics: must name the metrics the expression uses, by id",
        "analysis.signals[1].metric: reads the same series for the baseline and the canary: put ${version} in a"
            + " dimension value (e.g. Version: ${version}) or in the expression");
  }

  @Test
  void twoSignalsOfTheSameNameAreRefused() {
    Map<String, Object> doc = document();
    doc.put("analysis", map("signals", list(
        map("latency", map("percentile", 99)), map("latency", map("percentile", "p99")))));

    assertThat(problems(doc)).containsExactly(
        "analysis.signals[1]: \"latency p99\" is already judged at analysis.signals[0]");
  }

  @Test
  void judgingACanaryThatTheSpecDoesNotHaveIsRefused_butJudgingTheBakeIsFine() {
    Map<String, Object> doc = document();
    ((Map<String, Object>) doc.get("deploy")).remove("canary");
    doc.put("analysis", map("signals", list(map("errorRate", map("maxAbsolute", 0.05)))));
    assertThat(problems(doc)).containsExactly("analysis.during: judges the canary, but deploy.canary is not set: add a"
        + " canary (weight and duration), or judge during: [bake] only");

    doc.put("analysis", map("during", list("bake"), "signals", list(map("errorRate", map("maxAbsolute", 0.05)))));
    assertThat(problems(doc)).isEmpty();
  }

  @Test
  void givenNoAnalysis_theSpecsJsonIsAsBefore_soThatDigestsSignedByOlderClientsStillMatch() {
    var converter = DefaultDataConverter.newDefaultInstance();
    ReleaseSpec spec = read(document());

    String json = converter.toPayload(spec).orElseThrow().getData().toString(StandardCharsets.UTF_8);

    assertThat(json).doesNotContain("analysis");
  }

  @Test
  void anAnalysisSurvivesTemporalsJson() {
    Map<String, Object> doc = document();
    doc.put("analysis", map("during", list("canary", "bake"), "signals", list(
        map("errorRate", map("maxIncrease", 0.01)),
        map("latency", map("percentile", 99, "maxAbsolute", "1s")),
        map("metric", map("namespace", "Payments", "name", "Declines", "dimensions", map("Version", "${version}"))))));
    wave(doc, 0).put("analysis", map("onFail", "rollback", "signals", list(map("errorRate", map("maxAbsolute", 0.1)))));
    ReleaseSpec spec = read(doc);
    var converter = DefaultDataConverter.newDefaultInstance();

    ReleaseSpec back = converter.fromPayload(converter.toPayload(spec).orElseThrow(), ReleaseSpec.class, ReleaseSpec.class);

    assertThat(back).isEqualTo(spec);
    assertThat(SpecValidator.validate(back)).isEmpty();
  }

  // --- helpers ---------------------------------------------------------------------------------------

  private static ReleaseSpec read(Map<String, Object> doc) {
    SpecReader.Result result = SpecReader.read(doc);
    assertThat(result.problems()).isEmpty();
    return result.spec();
  }

  private static List<String> problems(Map<String, Object> doc) {
    return SpecReader.read(doc).problems().stream().map(SpecProblem::toString).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> wave(Map<String, Object> doc, int index) {
    return (Map<String, Object>) ((List<Object>) doc.get("waves")).get(index);
  }

  private static Map<String, Object> document() {
    return map(
        "application", "payments",
        "build", map("codebuild", map("project", "payments-build"), "timeout", "30m"),
        "deploy", map(
            "lambda", map("function", "payments-api", "alias", "live"),
            "canary", map("weight", 10, "duration", "5m")),
        "waves", list(
            map("name", "canary-region", "regions", list("us-east-1"), "bake", "1h"),
            map("name", "rest", "regions", list("eu-west-1", "ap-southeast-2"), "bake", "2h")),
        "policy", map("onFailure", "rollback"));
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static List<Object> list(Object... items) {
    return new ArrayList<>(Arrays.asList(items));
  }
}
