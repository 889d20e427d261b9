package dev.shepherd.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.cloud.AlarmCheckRequest;
import dev.shepherd.cloud.AlarmWatchRequest;
import dev.shepherd.cloud.HealthActivities;
import dev.shepherd.cloud.PreflightRequest;
import dev.shepherd.policy.ApplicationPolicy;
import dev.shepherd.policy.ResourceAllowance;
import dev.shepherd.spec.Approval;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** Pre-flight and CloudWatch alarm checks against moto. */
class AwsHealthActivitiesTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final Region WEST = Region.of("eu-west-1");
  private static final String ERRORS = "payments-5xx";
  private static final String LATENCY = "payments-p99-latency";
  private static final String PARAMETER = "/payments/flags/new-checkout";
  /** The account moto answers GetCallerIdentity with. */
  private static final String MOTO_ACCOUNT = "123456789012";
  private static final String DIGEST = "sha256:" + "c0".repeat(32);
  private static final Duration MIN_BAKE = Duration.ofHours(1);
  private static final String SMOKE = "payments-smoke";

  private AwsFixtures fixtures;
  private TestActivityEnvironment env;
  private HealthActivities health;

  @BeforeEach
  void setUp() {
    fixtures = new AwsFixtures().function(EAST).function(WEST)
        .project(EAST, "payments-build", "payments-api.zip")
        .alarm(EAST, ERRORS).alarm(EAST, LATENCY).alarm(WEST, ERRORS).alarm(WEST, LATENCY);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new AwsHealthActivities(fixtures.aws));
    health = env.newActivityStub(HealthActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setHeartbeatTimeout(Duration.ofSeconds(30))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
    fixtures.close();
  }

  @Test
  void preflightPassesWhenEverythingExistsEverywhere() {
    assertThat(health.preflight(new PreflightRequest(spec(List.of(ERRORS, LATENCY)))).resourcesChecked())
        .isEqualTo(1 + 2 * 2 + 2 * 2);
  }

  @Test
  void preflightFailsWithEveryMissingResourceNamedWithItsRegion() {
    fixtures.aws.cloudWatch(WEST).deleteAlarms(r -> r.alarmNames(LATENCY));
    ReleaseSpec spec = spec(List.of(ERRORS, LATENCY, "payments-throttles"));
    assertThatThrownBy(() -> health.preflight(new PreflightRequest(spec)))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("PREFLIGHT_FAILED");
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage())
              .contains("CloudWatch alarm payments-p99-latency in eu-west-1")
              .contains("CloudWatch alarm payments-throttles in us-east-1")
              .contains("CloudWatch alarm payments-throttles in eu-west-1")
              .doesNotContain("payments-5xx in");
        });
  }

  @Test
  void givenAnAliasOnLatest_preflightRefusesItNamingTheAliasAndRegion() {
    fixtures.aws.lambda(WEST).updateAlias(r -> r.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS)
        .functionVersion("$LATEST"));
    assertPreflightRefuses(spec(List.of(ERRORS)), message -> assertThat(message)
        .contains("Lambda alias payments-api:live in eu-west-1 points at $LATEST")
        .contains("publish a version")
        .doesNotContain("in us-east-1 points"));
  }

  @Test
  void givenAnAliasRoutingAShareOfTrafficToLatest_preflightRefusesIt() {
    fixtures.aws.lambda(EAST).updateAlias(r -> r.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS)
        .routingConfig(c -> c.additionalVersionWeights(Map.of("$LATEST", 0.1))));
    assertPreflightRefuses(spec(List.of(ERRORS)), message -> assertThat(message)
        .contains("Lambda alias payments-api:live in us-east-1 sends a share of its traffic to $LATEST"));
  }

  @Test
  void givenAFunctionArnOfOneRegion_preflightRefusesTheOtherRegionsItWouldBeDeployedTo() {
    String arn = "arn:aws:lambda:us-east-1:" + MOTO_ACCOUNT + ":function:" + AwsFixtures.FUNCTION;
    assertPreflightRefuses(spec(arn, List.of(EAST, WEST)), message -> assertThat(message)
        .contains("Lambda function " + arn + " is in us-east-1, but the release deploys it to eu-west-1")
        .contains("name the function by its name alone (payments-api)")
        .doesNotContain("deploys it to us-east-1")
        .doesNotContain("account"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"arn:aws:lambda:us-east-1:111122223333:function:payments-api",
      "111122223333:function:payments-api"})
  void givenAFunctionArnOfAnotherAccount_preflightRefusesItNamingBothAccounts(String function) {
    assertPreflightRefuses(spec(function, List.of(EAST)), message -> assertThat(message)
        .contains("Lambda function " + function + " is in account 111122223333")
        .contains("credentials are in account " + MOTO_ACCOUNT));
  }

  @Test
  void givenAFunctionArnOfTheWorkersAccountAndTheOnlyRegion_preflightPasses() {
    String arn = "arn:aws:lambda:us-east-1:" + MOTO_ACCOUNT + ":function:" + AwsFixtures.FUNCTION;
    assertThat(health.preflight(new PreflightRequest(spec(arn, List.of(EAST)))).resourcesChecked()).isEqualTo(1 + 2);
  }

  @Test
  void givenAnSsmFlagThatIsASecureString_preflightRefusesItWithoutRevealingItsValue() {
    fixtures.aws.ssm(EAST).putParameter(r -> r.name(PARAMETER).value("s3cr3t-token").type(ParameterType.SECURE_STRING));
    assertPreflightRefuses(withSsmFlag(spec(List.of(ERRORS))), message -> assertThat(message)
        .contains("SSM parameter " + PARAMETER + " in us-east-1 is a SecureString")
        .doesNotContain("s3cr3t"));
  }

  @Test
  void givenAnSsmFlagThatIsAStringOrAbsent_preflightPassesAndLeavesItAsItIs() {
    ReleaseSpec spec = withSsmFlag(spec(List.of(ERRORS)));
    // The build, then per region the function and alias and one alarm; an SSM flag is not counted either way.
    int checked = 1 + 2 * (2 + 1);

    assertThat(health.preflight(new PreflightRequest(spec)).resourcesChecked()).as("flag absent").isEqualTo(checked);
    assertThatThrownBy(() -> fixtures.aws.ssm(EAST).getParameter(r -> r.name(PARAMETER)))
        .as("pre-flight does not create the flag").isInstanceOf(ParameterNotFoundException.class);

    fixtures.aws.ssm(EAST).putParameter(r -> r.name(PARAMETER).value("false").type(ParameterType.STRING));
    assertThat(health.preflight(new PreflightRequest(spec)).resourcesChecked()).as("flag a String").isEqualTo(checked);
    assertThat(fixtures.aws.ssm(EAST).getParameter(r -> r.name(PARAMETER)).parameter().value()).isEqualTo("false");
  }

  @Test
  void everyRefusalAndEveryMissingResourceIsListedInOneFailure() {
    fixtures.aws.lambda(EAST).updateAlias(r -> r.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS)
        .functionVersion("$LATEST"));
    fixtures.aws.ssm(EAST).putParameter(r -> r.name(PARAMETER).value("s3cr3t-token").type(ParameterType.SECURE_STRING));
    assertPreflightRefuses(withSsmFlag(spec(List.of(ERRORS, "payments-throttles"))), message -> assertThat(message)
        .contains("CloudWatch alarm payments-throttles in eu-west-1")
        .contains("payments-api:live in us-east-1 points at $LATEST")
        .contains("is a SecureString"));
  }

  @Test
  void givenASpecOutsideItsReleasePolicy_preflightListsEveryViolationInOneFailure() {
    // Everything the spec names exists; only the policy stands in the way. The policy allows payments-api, but
    // in another account than the worker's.
    ApplicationPolicy narrow = policy(new ResourceAllowance(
        List.of("arn:aws:lambda:*:111122223333:function:payments-api"), List.of("/payments/config/"), List.of(),
        List.of("payments-release-*")));
    ReleaseSpec spec = withSsmFlag(spec(List.of(ERRORS), MIN_BAKE, Duration.ofMinutes(10)));
    assertPreflightRefuses(new PreflightRequest(spec, narrow), message -> assertThat(message)
        .startsWith("release policy " + DIGEST + " does not allow 5: ")
        .contains("build.codebuild.project: payments-build is not among the CodeBuild projects payments may use"
            + " (payments-release-*)")
        .contains("deploy.lambda.function: arn:aws:lambda:us-east-1:" + MOTO_ACCOUNT + ":function:payments-api"
            + " is not among the functions payments may touch")
        .contains("deploy.lambda.function: arn:aws:lambda:eu-west-1:" + MOTO_ACCOUNT + ":function:payments-api")
        .contains("waves[1] (two).bake: 10m is shorter than the policy's minimum bake for payments (1h)")
        .contains("flag.ssm.parameter: " + PARAMETER + " is not under any of the SSM parameter prefixes")
        .as("a wave that bakes exactly the minimum is allowed").doesNotContain("waves[0]")
        .doesNotContain("missing").doesNotContain("refused"));
  }

  @Test
  void givenPolicyViolationsAndMissingResources_oneFailureListsThemAllThePolicysFirst() {
    fixtures.aws.lambda(WEST).updateAlias(r -> r.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS)
        .functionVersion("$LATEST"));
    ApplicationPolicy noBuilds = policy(new ResourceAllowance(List.of("payments-*"), List.of("/payments/"), List.of(),
        List.of()));
    ReleaseSpec spec = spec(List.of(ERRORS, "payments-throttles"), MIN_BAKE, MIN_BAKE);
    assertPreflightRefuses(new PreflightRequest(spec, noBuilds), message -> assertThat(message)
        .startsWith("release policy " + DIGEST + " does not allow 1: build.codebuild.project: payments-build is"
            + " not among the CodeBuild projects payments may use (none listed). missing 2: ")
        .contains("CloudWatch alarm payments-throttles in us-east-1; CloudWatch alarm payments-throttles in eu-west-1")
        .contains("refused 1 (a rollback could not undo it safely): Lambda alias payments-api:live in eu-west-1"));
  }

  @Test
  void givenASpecInsideItsReleasePolicy_preflightPasses() {
    // The function pattern names moto's account: the function, named alone, is judged in the worker's account.
    ApplicationPolicy payments = policy(new ResourceAllowance(
        List.of("arn:aws:lambda:*:" + MOTO_ACCOUNT + ":function:payments-*"), List.of("/payments/"), List.of(),
        List.of("payments-*")));
    ReleaseSpec spec = withSsmFlag(spec(List.of(ERRORS), MIN_BAKE, Duration.ofHours(2)));
    assertThat(health.preflight(new PreflightRequest(spec, payments)).resourcesChecked()).isEqualTo(1 + 2 * (2 + 1));
  }

  @Test
  void withoutAReleasePolicy_aSpecThatNoPolicyWouldAllowPassesAsBefore() {
    ReleaseSpec spec = withSsmFlag(spec(List.of(ERRORS), Duration.ZERO, Duration.ZERO));
    assertThat(health.preflight(new PreflightRequest(spec, null)).resourcesChecked()).isEqualTo(1 + 2 * (2 + 1));
  }

  // --- smoke-test hooks ---------------------------------------------------------------------------------

  @Test
  void givenHookFunctionsMissingInSomeRegions_preflightListsEachWithItsFieldPathAndRegion() {
    fixtures.function(EAST, SMOKE);
    ReleaseSpec spec = withHooks(spec(List.of(ERRORS)), SMOKE, SMOKE + ":canary");

    assertPreflightRefuses(spec, message -> assertThat(message)
        .startsWith("missing 3: ")
        .contains("hooks.beforeTraffic.function: Lambda function payments-smoke in eu-west-1")
        .contains("hooks.afterTraffic.function: Lambda function payments-smoke:canary in us-east-1")
        .contains("hooks.afterTraffic.function: Lambda function payments-smoke:canary in eu-west-1")
        .doesNotContain("payments-smoke in us-east-1"));
  }

  @Test
  void givenHookFunctionsInEveryRegion_preflightPassesCountingEachFunctionOncePerRegion() {
    fixtures.function(EAST, SMOKE).function(WEST, SMOKE);
    ReleaseSpec spec = withHooks(spec(List.of(ERRORS)), SMOKE + ":" + AwsFixtures.ALIAS, SMOKE);

    assertThat(health.preflight(new PreflightRequest(spec)).resourcesChecked())
        .as("the build, the function and alias and one alarm per region, two hook functions per region")
        .isEqualTo(1 + 2 * (2 + 1) + 2 * 2);
  }

  @Test
  void givenAHookArnOfOneRegion_preflightRefusesItInTheOtherRegions() {
    fixtures.function(EAST, SMOKE);
    String arn = "arn:aws:lambda:us-east-1:" + MOTO_ACCOUNT + ":function:" + SMOKE;

    assertPreflightRefuses(withHooks(spec(List.of(ERRORS)), arn, null), message -> assertThat(message)
        .contains("refused 1 smoke-test hook (a hook runs in every region, with the worker's credentials):"
            + " hooks.beforeTraffic.function: Lambda function " + arn + " is in us-east-1, but the release runs its"
            + " hooks in eu-west-1 too: name the hook function by its name alone (payments-smoke)")
        .doesNotContain("missing"));
  }

  @Test
  void givenAHookOfAnotherAccount_preflightRefusesItNamingBothAccounts() {
    String other = "111122223333:function:" + SMOKE;

    assertPreflightRefuses(withHooks(spec(List.of(ERRORS)), null, other), message -> assertThat(message)
        .contains("hooks.afterTraffic.function: Lambda function " + other + " is in account 111122223333, but the"
            + " worker's credentials are in account " + MOTO_ACCOUNT)
        .doesNotContain("missing"));
  }

  @Test
  void givenAHookOutsideTheReleasePolicy_preflightNamesItsFieldAndArn() {
    fixtures.function(EAST, SMOKE).function(WEST, SMOKE);
    ApplicationPolicy deployOnly = policy(new ResourceAllowance(
        List.of("arn:aws:lambda:*:" + MOTO_ACCOUNT + ":function:payments-api"), List.of(), List.of(),
        List.of("payments-*")));
    ReleaseSpec spec = withHooks(spec(List.of(ERRORS), MIN_BAKE, MIN_BAKE), SMOKE, null);

    assertPreflightRefuses(new PreflightRequest(spec, deployOnly), message -> assertThat(message)
        .startsWith("release policy " + DIGEST + " does not allow 2: hooks.beforeTraffic.function: arn:aws:lambda:"
            + "us-east-1:" + MOTO_ACCOUNT + ":function:payments-smoke is not among the functions payments may touch")
        .contains("hooks.beforeTraffic.function: arn:aws:lambda:eu-west-1:" + MOTO_ACCOUNT + ":function:payments-smoke")
        .doesNotContain("missing"));
  }

  @Test
  void preflightHeartbeatsBeforeItLooksAtARegion() {
    // The SDK sends the first heartbeat at once and throttles the rest, so only the first is seen here.
    List<String> beats = new CopyOnWriteArrayList<>();
    env.setActivityHeartbeatListener(String.class, beats::add);
    ReleaseSpec full = spec(List.of(ERRORS));
    ReleaseSpec noBuild = new ReleaseSpec(full.application(), null, null, full.deploy(), full.alarms(), full.waves(),
        null, full.approvers(), null);
    health.preflight(new PreflightRequest(noBuild));
    assertThat(beats).first().isEqualTo("us-east-1");
  }

  @Test
  void theAlarmBlockerReportsOnlyAlarmsInAlarm() {
    fixtures.setAlarm(WEST, LATENCY, StateValue.ALARM, "p99 above 800 ms");
    assertThat(health.checkAlarms(new AlarmCheckRequest(EAST, List.of(ERRORS, LATENCY))).firing()).isEmpty();
    var firing = health.checkAlarms(new AlarmCheckRequest(WEST, List.of(ERRORS, LATENCY))).firing();
    assertThat(firing).singleElement().satisfies(a -> {
      assertThat(a.name()).isEqualTo(LATENCY);
      assertThat(a.region()).isEqualTo(WEST);
      assertThat(a.reason()).isEqualTo("p99 above 800 ms");
    });
  }

  @Test
  void aQuietWatchEndsAtItsDeadline() {
    Instant start = Instant.now();
    var result = health.watchAlarms(new AlarmWatchRequest(List.of(EAST, WEST), List.of(ERRORS, LATENCY),
        Instant.now().plusMillis(1500), Duration.ofMillis(300), Duration.ofMinutes(10)));
    assertThat(result.polls()).isGreaterThanOrEqualTo(3);
    assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(1200));
  }

  @Test
  void anAlarmSetMidWatchFailsTheWatchWithinOnePollInterval() throws Exception {
    Duration poll = Duration.ofMillis(500);
    var scheduler = Executors.newSingleThreadScheduledExecutor();
    Instant[] setAt = new Instant[1];
    try {
      scheduler.schedule(() -> {
        fixtures.setAlarm(WEST, ERRORS, StateValue.ALARM, "5xx above 1%");
        setAt[0] = Instant.now();
      }, 1, TimeUnit.SECONDS);
      assertThatThrownBy(() -> health.watchAlarms(new AlarmWatchRequest(List.of(WEST), List.of(ERRORS, LATENCY),
          Instant.now().plusSeconds(30), poll, Duration.ofMinutes(10))))
          .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
            assertThat(f.getType()).isEqualTo("ALARM");
            assertThat(f.getOriginalMessage()).contains(ERRORS).contains("eu-west-1").contains("5xx above 1%");
          });
      Duration noticedAfter = Duration.between(setAt[0], Instant.now());
      assertThat(noticedAfter).isLessThan(poll.plusMillis(400));
    } finally {
      scheduler.shutdownNow();
    }
  }

  private void assertPreflightRefuses(ReleaseSpec spec, Consumer<String> message) {
    assertPreflightRefuses(new PreflightRequest(spec), message);
  }

  private void assertPreflightRefuses(PreflightRequest request, Consumer<String> message) {
    assertThatThrownBy(() -> health.preflight(request))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("PREFLIGHT_FAILED");
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).endsWith("Nothing was changed.");
          message.accept(f.getOriginalMessage());
        });
  }

  private static ReleaseSpec spec(List<String> alarms) {
    return spec(alarms, null, null);
  }

  /** Wave one in us-east-1, wave two in eu-west-1, each with its bake. */
  private static ReleaseSpec spec(List<String> alarms, Duration bakeOne, Duration bakeTwo) {
    return new ReleaseSpec("payments",
        new BuildStepSpec(new CodeBuildProject("payments-build", null), null), null,
        new DeploySpec(new LambdaTarget(AwsFixtures.FUNCTION, AwsFixtures.ALIAS), null),
        alarms,
        List.of(new WaveSpec("one", List.of(EAST), bakeOne, Approval.NONE),
            new WaveSpec("two", List.of(WEST), bakeTwo, null)),
        null, List.of("alice"), null);
  }

  /** The release policy of payments: alice may start it, waves bake at least {@link #MIN_BAKE}. */
  private static ApplicationPolicy policy(ResourceAllowance resources) {
    return new ApplicationPolicy("payments", DIGEST, List.of("alice"), Map.of(), false, MIN_BAKE, resources);
  }

  /** A spec naming the function as given, one wave per region, no alarms. */
  private static ReleaseSpec spec(String function, List<Region> regions) {
    return new ReleaseSpec("payments",
        new BuildStepSpec(new CodeBuildProject("payments-build", null), null), null,
        new DeploySpec(new LambdaTarget(function, AwsFixtures.ALIAS), null),
        List.of(),
        regions.stream().map(r -> new WaveSpec("wave-" + r.code(), List.of(r), null, null)).toList(),
        null, List.of("alice"), null);
  }

  /** The spec with these hook functions (null: no such hook). */
  private static ReleaseSpec withHooks(ReleaseSpec s, String beforeTraffic, String afterTraffic) {
    HooksSpec hooks = new HooksSpec(beforeTraffic == null ? null : new HookSpec(beforeTraffic, null),
        afterTraffic == null ? null : new HookSpec(afterTraffic, null));
    return new ReleaseSpec(s.application(), s.build(), s.test(), s.deploy(), s.alarms(), s.waves(), s.flag(),
        s.approvers(), s.policy(), s.analysis(), hooks, s.notifications());
  }

  private static ReleaseSpec withSsmFlag(ReleaseSpec s) {
    return new ReleaseSpec(s.application(), s.build(), s.test(), s.deploy(), s.alarms(), s.waves(),
        new FlagSpec(new SsmFlagLocation(PARAMETER), null, null, "true", null, null), s.approvers(), s.policy());
  }
}
