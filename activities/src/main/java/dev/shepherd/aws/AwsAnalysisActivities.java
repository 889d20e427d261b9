package dev.shepherd.aws;

import dev.shepherd.analysis.IntervalSample;
import dev.shepherd.analysis.MetricSamples;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.AnalysisActivities;
import dev.shepherd.cloud.CanaryMetricsRequest;
import dev.shepherd.cloud.TimeWindow;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.AnalysisSignal;
import dev.shepherd.spec.LambdaFunctionName;
import dev.shepherd.spec.MetricQuery;
import dev.shepherd.spec.MetricSignal;
import dev.shepherd.spec.Region;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * Canary analysis's figures from CloudWatch, with GetMetricData. Lambda publishes, for invocations through an
 * alias, metrics per executed version: namespace {@code AWS/Lambda}, dimensions {@code FunctionName}, {@code
 * Resource = function:alias} and {@code ExecutedVersion}. Each version is read with its own requests:
 * Invocations and Errors (Sum), each latency signal's Duration percentile, each custom metric with its
 * {@code ${version}} (and {@code ${function}}, {@code ${alias}}, {@code ${region}}) filled in, and each
 * metric-math expression in a request of its own (so that the ids users give their metrics never meet).
 * Error rates are computed from the sums here, not by metric math.
 *
 * <p>What the emulator (moto 5.2.1) does differently, and what the tests do about it:
 *
 * <ul>
 *   <li>Percentile statistics ({@code p99}) in GetMetricData: moto computes none, and then fails the whole
 *       request (HTTP 500) serialising the empty value. scripts/moto_server.py adds them, computed by nearest
 *       rank from the values sent with PutMetricData ({@code Values}/{@code Counts} or {@code Value}), and
 *       from a statistic set only when all its values are equal, as CloudWatch documents; CloudWatch's own
 *       estimate of a percentile may differ slightly. A datapoint CloudWatch cannot compute is left out, so
 *       the interval has no figure, and the judge calls such a signal inconclusive rather than passing it.
 *   <li>Metric math: moto evaluates only an expression that is the id of another query; anything else
 *       ({@code a / b}) comes back empty. Expressions are sent as written, so the plumbing is tested with an
 *       identity expression, and an arithmetic one reads as no data against moto.
 *   <li>Dimensions: moto matches the whole dimension set, as CloudWatch does, but ignores the namespace
 *       when dimensions are given.
 *   <li>moto answers in one page; the paginator here follows NextToken through CloudWatch's partial answers.
 * </ul>
 */
public final class AwsAnalysisActivities implements AnalysisActivities {

  /** CloudWatch's limit of queries in one GetMetricData request. */
  static final int MAX_QUERIES = 500;

  private static final String INVOCATIONS = "sh_inv";
  private static final String ERRORS = "sh_err";
  private static final String EXPRESSION = "sh_expr";

  private final AwsClients aws;

  public AwsAnalysisActivities(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public MetricSamples readCanaryMetrics(CanaryMetricsRequest request) {
    Duration interval = request.interval();
    if (!dev.shepherd.spec.AnalysisSpec.isCloudWatchPeriod(interval)) {
      throw FailureType.INVALID_REQUEST.failure("the analysis interval " + interval
          + " is not a CloudWatch period (1s, 5s, 10s, 30s or whole minutes)");
    }
    return new MetricSamples(request.baselineVersion(), request.canaryVersion(),
        read(request, request.baselineVersion(), request.effectiveBaselineWindow()),
        read(request, request.canaryVersion(), request.window()));
  }

  /** One sample per whole interval of the window, for one version. */
  private List<IntervalSample> read(CanaryMetricsRequest request, String version, TimeWindow window) {
    Duration interval = request.interval();
    long count = window.length().isNegative() ? 0 : window.length().toSeconds() / interval.toSeconds();
    if (count == 0 || version == null) {
      return List.of();
    }
    Instant start = window.start();
    Instant end = start.plus(interval.multipliedBy(count));
    AliasRef alias = request.alias();
    String function = LambdaFunctionName.parse(alias.function()).map(LambdaFunctionName::name).orElse(alias.function());
    Map<String, String> placeholders = Map.of("version", version, "function", function, "alias", alias.alias(),
        "region", alias.region().code());

    // The first request: invocations, errors, latency percentiles and single custom metrics.
    List<MetricDataQuery> queries = new ArrayList<>();
    Map<String, String> keyById = new LinkedHashMap<>();
    queries.add(lambdaQuery(INVOCATIONS, "Invocations", "Sum", function, alias.alias(), version, interval));
    queries.add(lambdaQuery(ERRORS, "Errors", "Sum", function, alias.alias(), version, interval));
    List<MetricSignal> expressions = new ArrayList<>();
    for (int i = 0; i < request.signals().size(); i++) {
      AnalysisSignal signal = request.signals().get(i);
      String id = "sh_s" + i;
      if (signal.latency() != null) {
        queries.add(lambdaQuery(id, "Duration", signal.latency().statistic(), function, alias.alias(), version, interval));
        keyById.put(id, signal.key());
      } else if (signal.metric() != null && !signal.metric().isExpression()) {
        queries.add(metricQuery(id, signal.metric().metric(), placeholders, interval, true));
        keyById.put(id, signal.key());
      } else if (signal.metric() != null) {
        expressions.add(signal.metric());
      }
    }
    Map<String, Map<Instant, Double>> series = new HashMap<>(fetch(alias.region(), queries, start, end, version));

    // Each expression alone: its metrics by the user's ids, and the expression as sh_expr.
    for (MetricSignal expression : expressions) {
      List<MetricDataQuery> q = new ArrayList<>();
      expression.metrics().forEach((id, metric) -> q.add(metricQuery(id, metric, placeholders, interval, false)));
      q.add(MetricDataQuery.builder().id(EXPRESSION).expression(fill(expression.expression(), placeholders))
          .period((int) interval.toSeconds()).returnData(true).build());
      String key = AnalysisSignal.of(expression).key();
      series.put("expr:" + key, fetch(alias.region(), q, start, end, version).getOrDefault(EXPRESSION, Map.of()));
      keyById.put("expr:" + key, key);
    }

    // CloudWatch's timestamps are on its period's boundaries, which need not be the window's start: each
    // datapoint counts in the interval it is nearest to.
    series.replaceAll((id, byTime) -> onIntervals(byTime, start, interval, count));
    List<IntervalSample> samples = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      Instant at = start.plus(interval.multipliedBy(i));
      Map<String, Double> values = new HashMap<>();
      keyById.forEach((id, key) -> {
        Double v = series.getOrDefault(id, Map.of()).get(at);
        if (v != null && Double.isFinite(v)) {
          values.put(key, v);
        }
      });
      samples.add(new IntervalSample(at, count(series.get(INVOCATIONS), at), count(series.get(ERRORS), at), values));
    }
    return samples;
  }

  /** The datapoints moved to the start of the interval each is nearest to; those outside the window dropped. */
  static Map<Instant, Double> onIntervals(Map<Instant, Double> byTime, Instant start, Duration interval, long count) {
    Map<Instant, Double> out = new HashMap<>();
    long step = interval.toMillis();
    byTime.forEach((at, value) -> {
      long index = Math.floorDiv(at.toEpochMilli() - start.toEpochMilli() + step / 2, step);
      if (index >= 0 && index < count) {
        out.putIfAbsent(start.plus(interval.multipliedBy(index)), value);
      }
    });
    return out;
  }

  private static long count(Map<Instant, Double> series, Instant at) {
    Double v = series == null ? null : series.get(at);
    return v == null || !Double.isFinite(v) ? 0 : Math.round(v);
  }

  /** Runs the queries (in pages of CloudWatch's limit, following NextToken): each id's values by timestamp. */
  private Map<String, Map<Instant, Double>> fetch(Region region, List<MetricDataQuery> queries, Instant start,
      Instant end, String version) {
    Map<String, Map<Instant, Double>> out = new HashMap<>();
    if (queries.size() > MAX_QUERIES) {
      throw FailureType.INVALID_REQUEST.failure("canary analysis asks for " + queries.size()
          + " metrics at once; CloudWatch answers at most " + MAX_QUERIES);
    }
    // The paginator asks for each page as the loop reaches it: its errors are translated here.
    return AwsFailures.call("read the metrics of version " + version, region, () -> {
      for (MetricDataResult result : aws.cloudWatch(region).getMetricDataPaginator(r -> r.metricDataQueries(queries)
          .startTime(start).endTime(end).scanBy(ScanBy.TIMESTAMP_ASCENDING)).metricDataResults()) {
        if (result.statusCode() == StatusCode.INTERNAL_ERROR || result.statusCode() == StatusCode.FORBIDDEN) {
          throw FailureType.INVALID_REQUEST.failure("CloudWatch could not compute " + result.id() + " ("
              + result.label() + ") for version " + version + " in " + region + ": " + result.statusCode()
              + " " + result.messages());
        }
        Map<Instant, Double> values = out.computeIfAbsent(result.id(), id -> new HashMap<>());
        for (int i = 0; i < Math.min(result.timestamps().size(), result.values().size()); i++) {
          values.put(result.timestamps().get(i), result.values().get(i));
        }
      }
      return out;
    });
  }

  private static MetricDataQuery lambdaQuery(String id, String metric, String statistic, String function,
      String alias, String version, Duration interval) {
    return MetricDataQuery.builder().id(id).returnData(true).metricStat(s -> s
        .metric(Metric.builder().namespace("AWS/Lambda").metricName(metric).dimensions(
            Dimension.builder().name("FunctionName").value(function).build(),
            Dimension.builder().name("Resource").value(function + ":" + alias).build(),
            Dimension.builder().name("ExecutedVersion").value(version).build()).build())
        .period((int) interval.toSeconds()).stat(statistic)).build();
  }

  private static MetricDataQuery metricQuery(String id, MetricQuery metric, Map<String, String> placeholders,
      Duration interval, boolean returnData) {
    List<Dimension> dimensions = new ArrayList<>();
    metric.dimensions().forEach((name, value) ->
        dimensions.add(Dimension.builder().name(name).value(fill(value, placeholders)).build()));
    return MetricDataQuery.builder().id(id).returnData(returnData).metricStat(s -> s
        .metric(Metric.builder().namespace(metric.namespace()).metricName(metric.name()).dimensions(dimensions).build())
        .period((int) interval.toSeconds()).stat(metric.statistic())).build();
  }

  /** The text with {@code ${version}} and the other placeholders filled in. */
  static String fill(String text, Map<String, String> placeholders) {
    String out = text;
    for (var e : placeholders.entrySet()) {
      out = out.replace("${" + e.getKey() + "}", e.getValue());
    }
    return out;
  }
}
