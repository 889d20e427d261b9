package dev.shepherd.worker;

import com.sun.net.httpserver.HttpServer;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.shepherd.release.story.ReleaseMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The Temporal SDK's metrics and the releases' own ({@link ReleaseMetrics}), served for Prometheus at
 * {@code http://HOST:PORT/metrics}.
 */
public final class WorkerMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry =
      releaseBuckets(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  private final Scope scope;
  private final HttpServer server;

  public WorkerMetrics(String host, int port) throws IOException {
    scope = new RootScopeBuilder().reporter(TemporalConnection.reporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
    server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/metrics", exchange -> {
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  public Scope scope() {
    return scope;
  }

  /** The registry the scope reports to: what {@code /metrics} serves. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Gives the releases' timers {@link ReleaseMetrics#DURATION_BUCKETS}. The SDK's reporter registers every
   * Tally timer as a Micrometer timer with a percentile histogram, whose buckets stop at 30 seconds: every
   * release would land in {@code +Inf}. The SDK's own timers keep theirs.
   */
  private static PrometheusMeterRegistry releaseBuckets(PrometheusMeterRegistry registry) {
    double[] bounds = ReleaseMetrics.DURATION_BUCKETS.stream().mapToDouble(d -> d.toNanos()).toArray();
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith(ReleaseMetrics.PREFIX)) {
          return config;
        }
        return DistributionStatisticConfig.builder().percentilesHistogram(false).serviceLevelObjectives(bounds)
            .build().merge(config);
      }
    });
    return registry;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    try {
      scope.close();
    } catch (com.uber.m3.tally.ScopeCloseException e) {
      // Closing is best effort: the process is stopping.
    }
    registry.close();
  }
}
