package dev.shepherd.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.cloud.AlarmCheckRequest;
import dev.shepherd.cloud.AlarmWatchRequest;
import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.HealthActivities;
import dev.shepherd.cloud.PreflightRequest;
import dev.shepherd.policy.ApplicationPolicy;
import dev.shepherd.policy.ResourceAllowance;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.BuildStepSpec;
import dev.shepherd.spec.CodeBuildProject;
import dev.shepherd.spec.DeploySpec;
import dev.shepherd.spec.FlagSpec;
import dev.shepherd.spec.HookSpec;
import dev.shepherd.spec.HooksSpec;
import dev.shepherd.spec.LambdaTarget;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.SsmFlagLocation;
import dev.shepherd.spec.WaveSpec;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Simulated pre-flight, and alarm reads that fail as CloudWatch throttling would make them. */
class SimHealthActivitiesTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final Region WEST = Region.of("eu-west-1");
  private static final List<String> ALARMS = List.of("payments-5xx");
  private static final String DIGEST = "sha256:" + "d1".repeat(32);
  private static final Duration MIN_BAKE = Duration.ofHours(1);

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
    assertThat(cloud.operations()).filteredOn(op -> op.call() == CloudCall.FAULT).hasSize(3);
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

  @Test
  void givenAHookFunctionMissingInARegion_preflightNamesItsFieldPathAndRegion() {
    cloud.addProject("payments-build").addFunction(EAST, "payments-api", "live").addFunction(WEST, "payments-api", "live")
        .addFunction(EAST, "payments-smoke");
    ReleaseSpec spec = withHooks(spec("payments-api"), new HooksSpec(new HookSpec("payments-smoke", null),
        new HookSpec("payments-smoke:live", null)));
    assertThatThrownBy(() -> health.preflight(new PreflightRequest(spec)))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureType.PREFLIGHT_FAILED.name());
          assertThat(f.getOriginalMessage())
              .contains("hooks.beforeTraffic.function: Lambda function payments-smoke in eu-west-1")
              .contains("hooks.afterTraffic.function: Lambda function payments-smoke:live in us-east-1")
              .contains("hooks.afterTraffic.function: Lambda function payments-smoke:live in eu-west-1")
              .doesNotContain("payments-smoke in us-east-1");
        });
  }

  @Test
  void givenACloudMadeForASpecWithHooks_preflightFindsTheHookFunctions() {
    ReleaseSpec spec = withHooks(spec("payments-api"), new HooksSpec(new HookSpec("payments-smoke", null), null));
    TestActivityEnvironment own = TestActivityEnvironment.newInstance();
    try {
      own.registerActivitiesImplementations(new SimHealthActivities(SimulatedCloud.forSpec(spec)));
      HealthActivities made = own.newActivityStub(HealthActivities.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1)).build());
      assertThat(made.preflight(new PreflightRequest(spec)).resourcesChecked())
          .as("the build; per region the function, its alias, the alarm and the hook function")
          .isEqualTo(1 + 2 * (2 + ALARMS.size() + 1));
    } finally {
      own.close();
    }
  }

  @Test
  void givenASpecOutsideItsReleasePolicy_preflightListsEveryViolationInOneFailure() {
    cloud.addProject("payments-build").addFunction(EAST, "payments-api", "live").addFunction(WEST, "payments-api", "live");
    // payments-api is allowed, but in another account than the simulated cloud's.
    ApplicationPolicy narrow = policy(new ResourceAllowance(
        List.of("arn:aws:lambda:*:111122223333:function:payments-api"), List.of("/payments/config/"), List.of(),
        List.of("payments-release-*")));
    ReleaseSpec spec = withSsmFlag(spec("payments-api", MIN_BAKE, Duration.ofMinutes(10)));
    assertThatThrownBy(() -> health.preflight(new PreflightRequest(spec, narrow)))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureType.PREFLIGHT_FAILED.name());
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage())
              .startsWith("release policy " + DIGEST + " does not allow 5: ")
              .contains("build.codebuild.project: payments-build is not among the CodeBuild projects payments may"
                  + " use (payments-release-*)")
              .contains("deploy.lambda.function: arn:aws:lambda:us-east-1:" + SimHealthActivities.ACCOUNT
                  + ":function:payments-api is not among the functions payments may touch")
              .contains("deploy.lambda.function: arn:aws:lambda:eu-west-1:" + SimHealthActivities.ACCOUNT
                  + ":function:payments-api")
              .contains("waves[1] (two).bake: 10m is shorter than the policy's minimum bake for payments (1h)")
              .contains("flag.ssm.parameter: /payments/flags/new-checkout is not under any of the SSM parameter"
                  + " prefixes")
              .as("a wave that bakes exactly the minimum is allowed").doesNotContain("waves[0]")
              .doesNotContain("missing").doesNotContain("refused");
        });
    assertThat(cloud.operations()).extracting(Operation::call).containsExactly(CloudCall.PREFLIGHT);
  }

  @Test
  void givenPolicyViolationsAndAMissingAlarm_oneFailureListsThemAllThePolicysFirst() {
    cloud.addProject("payments-build").addFunction(EAST, "payments-api", "live").addFunction(WEST, "payments-api", "live");
    ApplicationPolicy noBuilds = policy(new ResourceAllowance(List.of("payments-*"), List.of("/payments/"), List.of(),
        List.of()));
    ReleaseSpec spec = spec("payments-api", List.of("payments-5xx", "payments-throttles"), MIN_BAKE, MIN_BAKE);
    assertThatThrownBy(() -> health.preflight(new PreflightRequest(spec, noBuilds)))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureType.PREFLIGHT_FAILED.name());
          assertThat(f.getOriginalMessage())
              .startsWith("release policy " + DIGEST + " does not allow 1: build.codebuild.project: payments-build"
                  + " is not among the CodeBuild projects payments may use (none listed); missing: ")
              .contains("CloudWatch alarm payments-throttles in us-east-1, CloudWatch alarm payments-throttles in"
                  + " eu-west-1");
        });
  }

  @Test
  void givenASpecInsideItsReleasePolicy_preflightPasses() {
    cloud.addProject("payments-build").addFunction(EAST, "payments-api", "live").addFunction(WEST, "payments-api", "live");
    // The function, named alone, is judged as in the simulated cloud's account.
    ApplicationPolicy payments = policy(new ResourceAllowance(
        List.of("arn:aws:lambda:*:" + SimHealthActivities.ACCOUNT + ":function:payments-*"), List.of("/payments/"),
        List.of(), List.of("payments-*")));
    ReleaseSpec spec = withSsmFlag(spec("payments-api", MIN_BAKE, Duration.ofHours(2)));
    assertThat(health.preflight(new PreflightRequest(spec, payments)).resourcesChecked()).isEqualTo(1 + 2 * (2 + 1));
  }

  @Test
  void withoutAReleasePolicy_aSpecThatNoPolicyWouldAllowPassesAsBefore() {
    cloud.addProject("payments-build").addFunction(EAST, "payments-api", "live").addFunction(WEST, "payments-api", "live");
    ReleaseSpec spec = withSsmFlag(spec("payments-api", Duration.ZERO, Duration.ZERO));
    assertThat(health.preflight(new PreflightRequest(spec, null)).resourcesChecked()).isEqualTo(1 + 2 * (2 + 1));
  }

  private static ReleaseSpec spec(String function) {
    return spec(function, null, null);
  }

  private static ReleaseSpec spec(String function, Duration bakeOne, Duration bakeTwo) {
    return spec(function, ALARMS, bakeOne, bakeTwo);
  }

  /** Wave one in us-east-1, wave two in eu-west-1, each with its bake. */
  private static ReleaseSpec spec(String function, List<String> alarms, Duration bakeOne, Duration bakeTwo) {
    return new ReleaseSpec("payments", new BuildStepSpec(new CodeBuildProject("payments-build", null), null), null,
        new DeploySpec(new LambdaTarget(function, "live"), null), alarms,
        List.of(new WaveSpec("one", List.of(EAST), bakeOne, null), new WaveSpec("two", List.of(WEST), bakeTwo, null)),
        null, List.of("alice"), null);
  }

  private static ReleaseSpec withHooks(ReleaseSpec s, HooksSpec hooks) {
    return new ReleaseSpec(s.application(), s.build(), s.test(), s.deploy(), s.alarms(), s.waves(), s.flag(),
        s.approvers(), s.policy(), s.analysis(), hooks, s.notifications());
  }

  private static ReleaseSpec withSsmFlag(ReleaseSpec s) {
    return new ReleaseSpec(s.application(), s.build(), s.test(), s.deploy(), s.alarms(), s.waves(),
        new FlagSpec(new SsmFlagLocation("/payments/flags/new-checkout"), null, null, "true", null, null), s.approvers(),
        s.policy());
  }

  /** The release policy of payments: alice may start it, waves bake at least {@link #MIN_BAKE}. */
  private static ApplicationPolicy policy(ResourceAllowance resources) {
    return new ApplicationPolicy("payments", DIGEST, List.of("alice"), Map.of(), false, MIN_BAKE, resources);
  }

  private static AlarmWatchRequest watch(Duration length, Duration blindAfter) {
    return new AlarmWatchRequest(List.of(EAST, WEST), ALARMS, Instant.now().plus(length), Duration.ofMillis(100),
        blindAfter);
  }
}
