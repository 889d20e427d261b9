package dev.shepherd.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.cloud.AlarmCheckRequest;
import dev.shepherd.cloud.AlarmWatchRequest;
import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.HealthActivities;
import dev.shepherd.cloud.PreflightRequest;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.BuildStepSpec;
import dev.shepherd.spec.CodeBuildTarget;
import dev.shepherd.spec.DeploySpec;
import dev.shepherd.spec.LambdaTarget;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.WaveSpec;
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

  @Test
  void givenAnAliasServingLatest_preflightRefusesIt() {
    cloud.addProject("payments-build").addFunction(EAST, "payments-api", "live").addFunction(WEST, "payments-api", "live");
    cloud.moveAlias(WEST, "payments-api", "live", new AliasState("1", "$LATEST", 10));
    assertThatThrownBy(() -> health.preflight(new PreflightRequest(spec("payments-api"))))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureType.PREFLIGHT_FAILED.name());
          assertThat(f.getOriginalMessage()).contains("payments-api:live in eu-west-1 serves $LATEST")
              .doesNotContain("in us-east-1");
        });
  }

  @Test
  void givenAFunctionArnOfOneRegion_preflightRefusesTheOtherRegion() {
    String arn = "arn:aws:lambda:us-east-1:123456789012:function:payments-api";
    cloud.addProject("payments-build").addFunction(EAST, arn, "live").addFunction(WEST, arn, "live");
    assertThatThrownBy(() -> health.preflight(new PreflightRequest(spec(arn))))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureType.PREFLIGHT_FAILED.name());
          assertThat(f.getOriginalMessage()).contains("is in us-east-1, but the release deploys it to eu-west-1");
        });
  }

  private static ReleaseSpec spec(String function) {
    return new ReleaseSpec("payments", new BuildStepSpec(new CodeBuildTarget("payments-build", null), null), null,
        new DeploySpec(new LambdaTarget(function, "live"), null), ALARMS,
        List.of(new WaveSpec("one", List.of(EAST), null, null), new WaveSpec("two", List.of(WEST), null, null)),
        null, List.of("alice"), null);
  }

  private static AlarmWatchRequest watch(Duration length, Duration blindAfter) {
    return new AlarmWatchRequest(List.of(EAST, WEST), ALARMS, Instant.now().plus(length), Duration.ofMillis(100),
        blindAfter);
  }
}
