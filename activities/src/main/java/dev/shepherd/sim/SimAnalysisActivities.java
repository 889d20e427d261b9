package dev.shepherd.sim;

import dev.shepherd.analysis.IntervalSample;
import dev.shepherd.analysis.MetricSamples;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.AnalysisActivities;
import dev.shepherd.cloud.CanaryMetricsRequest;
import dev.shepherd.cloud.TimeWindow;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.AnalysisSignal;
import dev.shepherd.spec.Region;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Canary analysis's figures in the simulated cloud, made up per interval so that the demo can show a
 * verdict. Each version takes its share of {@link SimulatedCloud#requestsPerMinute} from where the alias
 * pointed in the middle of the interval; a version the alias did not route to is silent. The baseline (and
 * any version not degraded) fails 0.2% of its requests, has latency percentiles around {@code 20 + 100 *
 * (p/100)^4} ms (p50 about 26 ms, p99 about 116 ms) and custom metrics around 10, each within a few percent;
 * {@link SimulatedCloud#degradeCanary} makes a region's canary worse. Metric-math expressions are not
 * evaluated: an expression signal is a series like any custom metric.
 *
 * <p>Deterministic: the figures of a version in an interval depend only on {@link SimulatedCloud#metricsSeed},
 * the region, function, version, interval, the alias's routing and the degradation, never on when or how
 * often they are read.
 */
public record SimAnalysisActivities(SimulatedCloud cloud) implements AnalysisActivities {

  @Override
  public MetricSamples readCanaryMetrics(CanaryMetricsRequest request) {
    cloud.pause();
    Region region = request.alias().region();
    cloud.check(CloudCall.READ_METRICS, region);
    Duration interval = request.interval();
    if (!dev.shepherd.spec.AnalysisSpec.isCloudWatchPeriod(interval)) {
      throw FailureType.INVALID_REQUEST.failure("the analysis interval " + interval
          + " is not a CloudWatch period (1s, 5s, 10s, 30s or whole minutes)");
    }
    List<IntervalSample> baseline = read(request, request.baselineVersion(), request.effectiveBaselineWindow(), null);
    List<IntervalSample> canary = read(request, request.canaryVersion(), request.window(),
        cloud.canaryDegradation(region));
    cloud.record(CloudCall.READ_METRICS, region, "version " + request.canaryVersion() + " against "
        + request.baselineVersion() + ": " + canary.size() + " intervals");
    return new MetricSamples(request.baselineVersion(), request.canaryVersion(), baseline, canary);
  }

  private List<IntervalSample> read(CanaryMetricsRequest request, String version, TimeWindow window,
      CanaryDegradation worse) {
    Duration interval = request.interval();
    long count = window.length().isNegative() ? 0 : window.length().toSeconds() / interval.toSeconds();
    List<IntervalSample> out = new ArrayList<>();
    if (version == null) {
      return out;
    }
    AliasRef alias = request.alias();
    for (long i = 0; i < count; i++) {
      Instant start = window.start().plus(interval.multipliedBy(i));
      double share = cloud.lambda().trafficShare(alias.region(), alias.function(), alias.alias(), version,
          start.plus(interval.dividedBy(2)));
      SplittableRandom random = new SplittableRandom(seed(alias, version, start));
      double traffic = cloud.requestsPerMinute() * (interval.toSeconds() / 60.0) * share
          * (worse == null ? 1 : worse.trafficFactor());
      long requests = Math.round(traffic * (0.95 + 0.1 * random.nextDouble()));
      double errorRate = worse == null ? SimulatedCloud.BASE_ERROR_RATE : worse.errorRate();
      long errors = 0;
      for (long r = 0; r < requests; r++) {
        if (random.nextDouble() < errorRate) {
          errors++;
        }
      }
      Map<String, Double> values = new HashMap<>();
      if (requests > 0) {
        for (AnalysisSignal signal : request.signals()) {
          if (signal.latency() != null) {
            double p = signal.latency().percentile() / 100;
            double base = 20 + 100 * Math.pow(p, 4);
            values.put(signal.key(), round(base * noise(random) * (worse == null ? 1 : worse.latencyFactor())));
          } else if (signal.metric() != null) {
            double factor = worse == null ? 1
                : signal.metric().lowerIsBetter() ? worse.metricFactor() : 1 / worse.metricFactor();
            values.put(signal.key(), round(10 * noise(random) * factor));
          }
        }
      }
      out.add(new IntervalSample(start, requests, errors, values));
    }
    return out;
  }

  /** Within 5% either way. */
  private static double noise(SplittableRandom random) {
    return 0.95 + 0.1 * random.nextDouble();
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private long seed(AliasRef alias, String version, Instant start) {
    // String.hashCode is specified, so the seed is the same in every JVM.
    return cloud.metricsSeed() * 0x9E3779B97F4A7C15L
        + Objects.hash(alias.region().code(), alias.function(), alias.alias(), version, start.getEpochSecond());
  }
}
