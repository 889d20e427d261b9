package dev.shepherd.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.analysis.AnalysisInput;
import dev.shepherd.analysis.AnalysisOutcome;
import dev.shepherd.analysis.AnalysisVerdict;
import dev.shepherd.analysis.CanaryJudge;
import dev.shepherd.analysis.IntervalSample;
import dev.shepherd.analysis.MetricSamples;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.AnalysisActivities;
import dev.shepherd.cloud.CanaryMetricsRequest;
import dev.shepherd.cloud.TimeWindow;
import dev.shepherd.spec.AnalysisSignal;
import dev.shepherd.spec.AnalysisSpec;
import dev.shepherd.spec.ErrorRateSignal;
import dev.shepherd.spec.LatencySignal;
import dev.shepherd.spec.MetricSignal;
import dev.shepherd.spec.Region;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated cloud's metrics for canary analysis: traffic split by the alias, a knob for a worse canary. */
class SimAnalysisActivitiesTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final Region WEST = Region.of("eu-west-1");
  private static final String FUNCTION = "payments-api";
  private static final String ALIAS = "live";
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Instant DEPLOYED = Instant.parse("2026-11-26T12:00:00Z");
  private static final List<AnalysisSignal> SIGNALS = List.of(
      AnalysisSignal.of(new ErrorRateSignal(0.01, 0.05, null)),
      AnalysisSignal.of(new LatencySignal(99.0, 1.2, null, null)),
      AnalysisSignal.of(MetricSignal.of("Payments", "Declines", Map.of("Version", "${version}"), "Average", 1.5)));

  private final SettableClock clock = new SettableClock(DEPLOYED.minus(Duration.ofHours(1)));
  private final SimulatedCloud cloud = new SimulatedCloud(clock)
      .addFunction(EAST, FUNCTION, ALIAS).addFunction(WEST, FUNCTION, ALIAS);
  private TestActivityEnvironment env;
  private AnalysisActivities analysis;

  @BeforeEach
  void setUp() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new SimAnalysisActivities(cloud));
    analysis = env.newActivityStub(AnalysisActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
    // At DEPLOYED the release sends 10% of each region's traffic to version 2.
    clock.set(DEPLOYED);
    for (Region region : List.of(EAST, WEST)) {
      cloud.moveAlias(region, FUNCTION, ALIAS, new AliasState("1", "2", 10));
    }
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void givenATenPercentCanary_itTakesATenthOfTheTrafficAndPassesAgainstItsBaseline() {
    MetricSamples samples = analysis.readCanaryMetrics(canaryRequest(EAST));

    assertThat(samples.canary()).hasSize(10);
    assertThat(samples.canary()).allSatisfy(s -> assertThat(s.requests()).isBetween(95L, 105L));
    assertThat(samples.baseline()).allSatisfy(s -> assertThat(s.requests()).isBetween(855L, 945L));
    assertThat(samples.canary().get(0).values()).containsOnlyKeys("latency p99", "Payments/Declines Average");
    assertThat(judge(samples).outcome()).isEqualTo(AnalysisOutcome.PASS);
  }

  @Test
  void givenADegradedRegion_itsCanaryFails_andTheOtherRegionsPasses() {
    cloud.degradeCanary(WEST, CanaryDegradation.clearlyWorse());

    AnalysisVerdict west = judge(analysis.readCanaryMetrics(canaryRequest(WEST)));
    AnalysisVerdict east = judge(analysis.readCanaryMetrics(canaryRequest(EAST)));

    assertThat(west.outcome()).isEqualTo(AnalysisOutcome.FAIL);
    assertThat(west.signals()).extracting(s -> s.outcome()).containsOnly(AnalysisOutcome.FAIL);
    assertThat(east.outcome()).isEqualTo(AnalysisOutcome.PASS);
    assertThat(cloud.operations()).filteredOn(o -> o.call() == CloudCall.READ_METRICS).hasSize(2);
  }

  @Test
  void givenASilentCanary_theVerdictIsInconclusive() {
    cloud.degradeCanary(null, CanaryDegradation.silent());

    MetricSamples samples = analysis.readCanaryMetrics(canaryRequest(EAST));

    assertThat(samples.canaryRequests()).isZero();
    assertThat(samples.canary()).allSatisfy(s -> assertThat(s.values()).isEmpty());
    assertThat(judge(samples).outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
  }

  @Test
  void aVersionTheAliasDoesNotRouteToIsSilent() {
    MetricSamples samples = analysis.readCanaryMetrics(new CanaryMetricsRequest(alias(EAST), "1", "7",
        after(DEPLOYED, 5), null, MINUTE, SIGNALS));

    assertThat(samples.canaryRequests()).isZero();
    assertThat(samples.baselineRequests()).isPositive();
  }

  @Test
  void beforeTheDeploymentTheBaselineTookAllTheTraffic_soABakeCanBeJudgedAgainstIt() {
    clock.set(DEPLOYED.plus(Duration.ofMinutes(10)));
    cloud.moveAlias(EAST, FUNCTION, ALIAS, AliasState.of("2"));
    TimeWindow before = new TimeWindow(DEPLOYED.minus(Duration.ofMinutes(10)), DEPLOYED);
    TimeWindow bake = after(DEPLOYED.plus(Duration.ofMinutes(10)), 10);

    MetricSamples samples = analysis.readCanaryMetrics(new CanaryMetricsRequest(alias(EAST), "1", "2", bake, before,
        MINUTE, SIGNALS));

    assertThat(samples.baseline()).allSatisfy(s -> assertThat(s.requests()).isBetween(950L, 1050L));
    assertThat(samples.canary()).allSatisfy(s -> assertThat(s.requests()).isBetween(950L, 1050L));
    assertThat(judge(samples).outcome()).isEqualTo(AnalysisOutcome.PASS);
  }

  @Test
  void theSameSeedGivesTheSameFigures_andAnotherSeedOthers() {
    MetricSamples first = analysis.readCanaryMetrics(canaryRequest(EAST));
    MetricSamples again = analysis.readCanaryMetrics(canaryRequest(EAST));
    assertThat(again).isEqualTo(first);

    cloud.metricsSeed(42);
    MetricSamples reseeded = analysis.readCanaryMetrics(canaryRequest(EAST));
    assertThat(reseeded.canary()).extracting(IntervalSample::requests)
        .isNotEqualTo(first.canary().stream().map(IntervalSample::requests).toList());
  }

  // --- helpers ---------------------------------------------------------------------------------------

  private static CanaryMetricsRequest canaryRequest(Region region) {
    return new CanaryMetricsRequest(alias(region), "1", "2", after(DEPLOYED, 10), null, MINUTE, SIGNALS);
  }

  private static AliasRef alias(Region region) {
    return new AliasRef(region, FUNCTION, ALIAS);
  }

  private static TimeWindow after(Instant start, int minutes) {
    return new TimeWindow(start, start.plus(MINUTE.multipliedBy(minutes)));
  }

  private static AnalysisVerdict judge(MetricSamples samples) {
    return CanaryJudge.judge(new AnalysisInput(new AnalysisSpec(MINUTE, 100, null, null, null, SIGNALS), samples));
  }

  /** A clock the test moves by hand, so that alias writes happen at known instants. */
  private static final class SettableClock extends Clock {
    private volatile Instant now;

    SettableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
