package dev.shepherd.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.cloud.AlarmCheckRequest;
import dev.shepherd.cloud.AlarmWatchRequest;
import dev.shepherd.cloud.HealthActivities;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.Region;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Simulated alarm reads that fail, as CloudWatch throttling would make them. */
class SimHealthActivitiesTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final Region WEST = Region.of("eu-west-1");
  private static final List<String> ALARMS = List.of("payments-5xx");

  private final SimulatedCloud cloud = new SimulatedCloud().addAlarm(EAST, "payments-5xx").addAlarm(WEST, "payments-5xx");
  private TestActivityEnvironment env;
  private HealthActivities health;

  @BeforeEach
  void setUp() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new SimHealthActivities(cloud));
    health = env.newActivityStub(HealthActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setHeartbeatTimeout(Duration.ofSeconds(5))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void givenAFewAlarmReadsFail_theWatchCarriesOnAndEndsQuietly() {
    cloud.failAlarmReads(EAST, 3);
    var result = health.watchAlarms(watch(Duration.ofMillis(800), Duration.ofSeconds(5)));
    assertThat(result.polls()).isGreaterThan(3);
    assertThat(cloud.operations()).filteredOn(op -> op.step() == Step.FAULT).hasSize(3);
  }

  @Test
  void givenAlarmReadsFailUntilCleared_theWatchGoesBlind() {
    cloud.failAlarmReadsUntilCleared(WEST);
    assertThatThrownBy(() -> health.watchAlarms(watch(Duration.ofSeconds(20), Duration.ofMillis(600))))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureType.BLIND.name());
          assertThat(f.getOriginalMessage()).contains("eu-west-1").contains("Rate exceeded");
        });
  }

  @Test
  void clearedReadFaultsLetTheAlarmsBeReadAgain() {
    cloud.failAlarmReadsUntilCleared(null);
    assertThatThrownBy(() -> health.checkAlarms(new AlarmCheckRequest(EAST, ALARMS)))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isFalse());
    cloud.clearAlarmReadFaults(null);
    assertThat(health.checkAlarms(new AlarmCheckRequest(EAST, ALARMS)).firing()).isEmpty();
  }

  @Test
  void anAlarmStillFailsTheWatchAtOnce() {
    cloud.setAlarm(WEST, "payments-5xx", "5xx above 1%");
    assertThatThrownBy(() -> health.watchAlarms(watch(Duration.ofSeconds(20), Duration.ofSeconds(5))))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(FailureType.ALARM.name()));
  }

  private static AlarmWatchRequest watch(Duration length, Duration blindAfter) {
    return new AlarmWatchRequest(List.of(EAST, WEST), ALARMS, Instant.now().plus(length), Duration.ofMillis(100),
        blindAfter);
  }
}
