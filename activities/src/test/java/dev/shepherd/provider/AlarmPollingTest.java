package dev.shepherd.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.cloud.AlarmCheck;
import dev.shepherd.cloud.AlarmCheckRequest;
import dev.shepherd.cloud.AlarmWatchRequest;
import dev.shepherd.cloud.AlarmWatchResult;
import dev.shepherd.cloud.FiringAlarm;
import dev.shepherd.cloud.HealthActivities;
import dev.shepherd.cloud.PreflightRequest;
import dev.shepherd.cloud.PreflightResult;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.Region;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alarm watch loop both providers run, with scripted alarm reads: alarms fail it at once, failed
 * reads only once they have gone on for {@code blindAfter}, and the blind clock survives a retry.
 */
class AlarmPollingTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final Region WEST = Region.of("eu-west-1");
  private static final List<String> ALARMS = List.of("payments-5xx");
  private static final Duration POLL = Duration.ofMillis(100);

  private final ScriptedHealth health = new ScriptedHealth();
  private TestActivityEnvironment env;
  private HealthActivities stub;
  private final List<WatchProgress> beats = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(health);
    env.setActivityHeartbeatListener(WatchProgress.class, beats::add);
    stub = env.newActivityStub(HealthActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        // Heartbeats are sent at most every 80% of this: short, so that the test sees them (and a cancel).
        .setHeartbeatTimeout(Duration.ofSeconds(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void givenTheAlarmsCannotBeReadForLongerThanBlindAfter_theWatchFailsBlindNamingRegionsDurationAndLastError() {
    health.reader = region -> {
      throw ApplicationFailure.newFailure("describe alarms in " + region + " failed for now (ThrottlingException)",
          "AWS_TRANSIENT");
    };
    Instant start = Instant.now();
    assertThatThrownBy(() -> stub.watchAlarms(watch(List.of(EAST, WEST), Duration.ofSeconds(20), Duration.ofMillis(800))))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureType.BLIND.name());
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).contains("us-east-1").contains("eu-west-1").contains("payments-5xx")
              .contains("blindAfter 800ms").contains("ThrottlingException");
        });
    Duration took = Duration.between(start, Instant.now());
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(800)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aPermanentReadErrorDoesNotEndTheWatchByItselfEither() {
    AtomicInteger reads = new AtomicInteger();
    health.reader = region -> {
      if (reads.incrementAndGet() <= 3) {
        throw FailureType.ACCESS_DENIED.failure("describe alarms in " + region + " was denied");
      }
      return List.of();
    };
    AlarmWatchResult result = stub.watchAlarms(watch(List.of(EAST), Duration.ofMillis(1000), Duration.ofSeconds(5)));
    assertThat(result.polls()).isGreaterThan(3);
  }

  @Test
  void givenReadsFailForLessThanBlindAfterAndThenSucceed_theWatchEndsQuietlyAtItsDeadline() {
    // Three throttled reads (about 0.3 s of blindness, under the 1 s allowed), then reads that work. Counted by
    // reads, not by the clock, and with a deadline that leaves room for a slow activity start on a busy machine.
    AtomicInteger reads = new AtomicInteger();
    health.reader = region -> {
      if (reads.incrementAndGet() <= 3) {
        throw ApplicationFailure.newFailure("Rate exceeded", "Throttling");
      }
      return List.of();
    };
    AlarmWatchResult result = stub.watchAlarms(watch(List.of(EAST), Duration.ofSeconds(3), Duration.ofSeconds(1)));
    assertThat(reads.get()).as("reads that worked after the throttled ones").isGreaterThan(4);
    assertThat(result.polls()).isEqualTo(reads.get());
  }

  @Test
  void aSuccessfulReadResetsTheBlindClock() {
    // Ten failed polls, one good one, ten failed again: two blind spells of about a second each, more
    // than blindAfter together but not one alone.
    AtomicInteger polls = new AtomicInteger();
    health.reader = region -> {
      int n = polls.incrementAndGet();
      if (n != 11 && n <= 21) {
        throw ApplicationFailure.newFailure("Rate exceeded", "Throttling");
      }
      return List.of();
    };
    AlarmWatchResult result = stub.watchAlarms(watch(List.of(EAST), Duration.ofMillis(2600), Duration.ofMillis(1500)));
    assertThat(result.polls()).isGreaterThan(21);
  }

  @Test
  void givenAnEarlierAttemptWasAlreadyBlind_aRetryContinuesTheSameBlindClock() {
    env.setHeartbeatDetails(new WatchProgress(12, System.currentTimeMillis() - 1500, "Rate exceeded"));
    health.reader = region -> {
      throw ApplicationFailure.newFailure("Rate exceeded", "Throttling");
    };
    Instant start = Instant.now();
    assertThatThrownBy(() -> stub.watchAlarms(watch(List.of(EAST), Duration.ofSeconds(20), Duration.ofSeconds(2))))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(FailureType.BLIND.name()));
    assertThat(Duration.between(start, Instant.now())).as("only the rest of blindAfter")
        .isLessThan(Duration.ofMillis(1400));
    assertThat(beats).first().satisfies(b -> assertThat(b.polls()).as("polls carry on").isEqualTo(13));
  }

  @Test
  void anAlarmInAlarmFailsTheWatchAtOnceEvenWhileAnotherRegionCannotBeRead() {
    health.reader = region -> {
      if (region.equals(EAST)) {
        throw ApplicationFailure.newFailure("Rate exceeded", "Throttling");
      }
      return List.of(new FiringAlarm("payments-5xx", WEST, "5xx above 1%"));
    };
    assertThatThrownBy(() -> stub.watchAlarms(watch(List.of(EAST, WEST), Duration.ofSeconds(20), Duration.ofSeconds(10))))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureType.ALARM.name());
          assertThat(f.getOriginalMessage()).contains("payments-5xx").contains("eu-west-1").contains("5xx above 1%");
        });
  }

  @Test
  void itHeartbeatsItsProgressWhileItWatches() {
    health.reader = region -> List.of();
    AlarmWatchResult result = stub.watchAlarms(watch(List.of(EAST), Duration.ofMillis(2500), Duration.ofSeconds(10)));
    // The SDK sends the latest heartbeat at most every 80% of the heartbeat timeout.
    assertThat(beats).hasSizeGreaterThanOrEqualTo(3);
    assertThat(beats).first().satisfies(b -> assertThat(b.polls()).isEqualTo(1));
    assertThat(beats).last().satisfies(b -> {
      assertThat(b.polls()).isGreaterThan(10).isLessThan(result.polls());
      assertThat(b.lastError()).isNull();
    });
  }

  @Test
  void withoutADeadline_itWatchesUntilCancelled() {
    health.reader = region -> List.of();
    var scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      scheduler.schedule(env::requestCancelActivity, 700, TimeUnit.MILLISECONDS);
      Instant start = Instant.now();
      assertThatThrownBy(() -> stub.watchAlarms(new AlarmWatchRequest(List.of(EAST), ALARMS, null, POLL,
          Duration.ofSeconds(10)))).isInstanceOf(CanceledFailure.class);
      assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(700));
      assertThat(beats).last().satisfies(b -> assertThat(b.polls()).isGreaterThan(5));
    } finally {
      scheduler.shutdownNow();
    }
  }

  private static AlarmWatchRequest watch(List<Region> regions, Duration length, Duration blindAfter) {
    return new AlarmWatchRequest(regions, ALARMS, Instant.now().plus(length), POLL, blindAfter);
  }

  /** Health activities whose alarm watch reads alarms through a script. */
  static final class ScriptedHealth implements HealthActivities {

    volatile Function<Region, List<FiringAlarm>> reader = region -> List.of();

    @Override
    public PreflightResult preflight(PreflightRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public AlarmCheck checkAlarms(AlarmCheckRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public AlarmWatchResult watchAlarms(AlarmWatchRequest request) {
      return AlarmPolling.watch(request, region -> reader.apply(region));
    }
  }
}
