package dev.shepherd.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.shepherd.spec.AppConfigFlagLocation;
import dev.shepherd.spec.Approval;
import dev.shepherd.spec.BuildStepSpec;
import dev.shepherd.spec.CodeBuildProject;
import dev.shepherd.spec.DeploySpec;
import dev.shepherd.spec.FlagSpec;
import dev.shepherd.spec.HookSpec;
import dev.shepherd.spec.HooksSpec;
import dev.shepherd.spec.NotificationsSpec;
import dev.shepherd.spec.LambdaTarget;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.SsmFlagLocation;
import dev.shepherd.spec.WaveSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyCheckTest {

  private static final String ACCOUNT = "111122223333";

  private static final ResourceAllowance PAYMENTS_RESOURCES = new ResourceAllowance(
      List.of("arn:aws:lambda:*:" + ACCOUNT + ":function:payments-*"),
      List.of("/payments/"),
      List.of("payments"),
      List.of("payments-build", "payments-test"));

  // --- a spec within its policy -----------------------------------------------------------------------

  @Test
  void givenASpecThatNamesOnlyAllowedResourcesAndBakesLongEnough_itShouldFindNoViolations() {
    assertThat(PolicyCheck.violations(spec(), policy(Duration.ofMinutes(30)), ACCOUNT)).isEmpty();
  }

  // --- bake ---------------------------------------------------------------------------------------------

  @Test
  void givenAWaveBakingLessThanTheMinimum_itShouldNameTheWaveItsBakeAndTheMinimum() {
    ReleaseSpec spec = withWaves(spec(),
        new WaveSpec("canary-region", List.of(Region.of("us-east-1")), Duration.ofHours(1), Approval.NONE),
        new WaveSpec("rest", List.of(Region.of("eu-west-1")), Duration.ofMinutes(10), Approval.REQUIRED));

    assertThat(PolicyCheck.violations(spec, policy(Duration.ofHours(1)), ACCOUNT))
        .containsExactly("waves[1] (rest).bake: 10m is shorter than the policy's minimum bake for payments (1h)");
  }

  @Test
  void givenAWaveBakingExactlyTheMinimum_itShouldPass() {
    ReleaseSpec spec = withWaves(spec(),
        new WaveSpec("all", List.of(Region.of("us-east-1")), Duration.ofMinutes(30), Approval.NONE));

    assertThat(PolicyCheck.violations(spec, policy(Duration.ofMinutes(30)), ACCOUNT)).isEmpty();
  }

  @Test
  void givenAWaveWithNoBake_itShouldBeShorterThanAnyMinimum() {
    ReleaseSpec spec = withWaves(spec(), new WaveSpec("all", List.of(Region.of("us-east-1")), null, null));

    assertThat(PolicyCheck.violations(spec, policy(Duration.ofSeconds(1)), ACCOUNT))
        .containsExactly("waves[0] (all).bake: 0s is shorter than the policy's minimum bake for payments (1s)");
  }

  @Test
  void givenAPolicyWithNoMinimumBake_itShouldAcceptAWaveWithNoBake() {
    ReleaseSpec spec = withWaves(spec(), new WaveSpec("all", List.of(Region.of("us-east-1")), null, null));

    assertThat(PolicyCheck.violations(spec, policy(null), ACCOUNT)).isEmpty();
  }

  // --- functions ---------------------------------------------------------------------------------------

  @Test
  void givenAFunctionNotAllowed_itShouldNameItsArnInEachRegionAndThePatterns() {
    ReleaseSpec spec = withFunction(spec(), "billing-api");

    assertThat(PolicyCheck.violations(spec, policy(null), ACCOUNT)).containsExactly(
        "deploy.lambda.function: arn:aws:lambda:us-east-1:111122223333:function:billing-api is not among the"
            + " functions payments may touch (arn:aws:lambda:*:111122223333:function:payments-*)",
        "deploy.lambda.function: arn:aws:lambda:eu-west-1:111122223333:function:billing-api is not among the"
            + " functions payments may touch (arn:aws:lambda:*:111122223333:function:payments-*)");
  }

  @Test
  void givenAnArnPatternForOneRegion_itShouldRefuseTheFunctionOnlyInTheOthers() {
    ApplicationPolicy policy = policy(null,
        functions("arn:aws:lambda:us-east-1:111122223333:function:payments-api"));

    assertThat(PolicyCheck.violations(spec(), policy, ACCOUNT)).containsExactly(
        "deploy.lambda.function: arn:aws:lambda:eu-west-1:111122223333:function:payments-api is not among the"
            + " functions payments may touch (arn:aws:lambda:us-east-1:111122223333:function:payments-api)");
  }

  @Test
  void givenAPatternWithoutArn_itShouldMatchTheBareFunctionName() {
    ApplicationPolicy policy = policy(null, functions("payments-*"));

    assertThat(PolicyCheck.violations(spec(), policy, ACCOUNT)).isEmpty();
    assertThat(PolicyCheck.violations(withFunction(spec(), "billing-api"), policy, ACCOUNT)).hasSize(2);
  }

  @Test
  void givenASpecThatNamesTheFunctionByArnInTheWorkersAccount_itShouldJudgeThatArn() {
    ReleaseSpec spec = withFunction(onlyIn(spec(), "eu-west-1"),
        "arn:aws:lambda:eu-west-1:111122223333:function:payments-api");

    assertThat(PolicyCheck.violations(spec, policy(null), ACCOUNT)).isEmpty();
    assertThat(PolicyCheck.violations(spec, policy(null, functions("payments-api")), ACCOUNT)).isEmpty();
  }

  @Test
  void givenASpecThatNamesAFunctionInAnotherAccount_itShouldRefuseItUnderAnArnPattern() {
    ReleaseSpec spec = withFunction(onlyIn(spec(), "eu-west-1"),
        "arn:aws:lambda:eu-west-1:999999999999:function:payments-api");

    assertThat(PolicyCheck.violations(spec, policy(null), ACCOUNT)).containsExactly(
        "deploy.lambda.function: arn:aws:lambda:eu-west-1:999999999999:function:payments-api is not among the"
            + " functions payments may touch (arn:aws:lambda:*:111122223333:function:payments-*)");
  }

  @Test
  void givenASpecThatNamesAFunctionInAnotherAccount_itShouldRefuseItUnderANamePattern() {
    ReleaseSpec spec = withFunction(onlyIn(spec(), "eu-west-1"),
        "arn:aws:lambda:eu-west-1:999999999999:function:payments-api");

    assertThat(PolicyCheck.violations(spec, policy(null, functions("payments-*")), ACCOUNT)).containsExactly(
        "deploy.lambda.function: arn:aws:lambda:eu-west-1:999999999999:function:payments-api is not among the"
            + " functions payments may touch (payments-*)");
  }

  @Test
  void givenAPartialArnInAnotherAccount_itShouldJudgeThatAccountInEveryRegion() {
    ReleaseSpec spec = withFunction(spec(), "999999999999:function:payments-api");

    assertThat(PolicyCheck.violations(spec, policy(null), ACCOUNT)).containsExactly(
        "deploy.lambda.function: arn:aws:lambda:us-east-1:999999999999:function:payments-api is not among the"
            + " functions payments may touch (arn:aws:lambda:*:111122223333:function:payments-*)",
        "deploy.lambda.function: arn:aws:lambda:eu-west-1:999999999999:function:payments-api is not among the"
            + " functions payments may touch (arn:aws:lambda:*:111122223333:function:payments-*)");
  }

  @Test
  void givenAnotherAccountAllowedByAnArnPattern_itShouldAcceptIt() {
    ReleaseSpec spec = withFunction(onlyIn(spec(), "eu-west-1"),
        "arn:aws:lambda:eu-west-1:999999999999:function:payments-api");

    assertThat(PolicyCheck.violations(spec,
        policy(null, functions("arn:aws:lambda:*:999999999999:function:payments-api")), ACCOUNT)).isEmpty();
  }

  @Test
  void givenNoAccount_itShouldMatchOnlyPatternsWithAStarForTheAccount() {
    assertThat(PolicyCheck.violations(spec(), policy(null), null)).containsExactly(
        "deploy.lambda.function: arn:aws:lambda:us-east-1:*:function:payments-api is not among the"
            + " functions payments may touch (arn:aws:lambda:*:111122223333:function:payments-*)",
        "deploy.lambda.function: arn:aws:lambda:eu-west-1:*:function:payments-api is not among the"
            + " functions payments may touch (arn:aws:lambda:*:111122223333:function:payments-*)");
    assertThat(PolicyCheck.violations(spec(), policy(null, functions("arn:aws:lambda:*:*:function:payments-*")),
        null)).isEmpty();
    assertThat(PolicyCheck.violations(spec(), policy(null, functions("arn:aws:lambda:*:1*:function:payments-*")),
        null)).hasSize(2);
  }

  @Test
  void givenNoAccount_itShouldStillMatchAFunctionNamedByNameAgainstANamePattern() {
    assertThat(PolicyCheck.violations(spec(), policy(null, functions("payments-api")), null)).isEmpty();
  }

  @Test
  void givenNoAccountAndAFunctionArn_itShouldNotLetANamePatternVouchForItsAccount() {
    ReleaseSpec spec = withFunction(onlyIn(spec(), "eu-west-1"),
        "arn:aws:lambda:eu-west-1:111122223333:function:payments-api");

    assertThat(PolicyCheck.violations(spec, policy(null, functions("payments-api")), null)).hasSize(1);
    assertThat(PolicyCheck.violations(spec, policy(null), null)).isEmpty();
  }

  @Test
  void givenAChinaRegion_itShouldJudgeTheArnInItsOwnPartition() {
    ReleaseSpec spec = onlyIn(spec(), "cn-north-1");

    assertThat(PolicyCheck.violations(spec, policy(null), ACCOUNT)).containsExactly(
        "deploy.lambda.function: arn:aws-cn:lambda:cn-north-1:111122223333:function:payments-api is not among"
            + " the functions payments may touch (arn:aws:lambda:*:111122223333:function:payments-*)");
    assertThat(PolicyCheck.violations(spec, policy(null, functions("arn:aws-cn:lambda:*")), ACCOUNT)).isEmpty();
  }

  @Test
  void givenAFunctionLambdaWouldNotAccept_itShouldRefuseItRatherThanMatchItsText() {
    ReleaseSpec spec = withFunction(spec(), "payments-api with spaces");

    assertThat(PolicyCheck.violations(spec, policy(null, functions("*")), ACCOUNT)).containsExactly(
        "deploy.lambda.function: payments-api with spaces is not a Lambda function name or ARN, so none of the"
            + " functions payments may touch (*) can be it");
  }

  @Test
  void givenNoFunctionsListed_itShouldAllowNoFunction() {
    ApplicationPolicy policy = policy(null, new ResourceAllowance(null, List.of("/payments/"), List.of("payments"),
        List.of("payments-*")));

    assertThat(PolicyCheck.violations(spec(), policy, ACCOUNT)).containsExactly(
        "deploy.lambda.function: arn:aws:lambda:us-east-1:111122223333:function:payments-api is not among the"
            + " functions payments may touch (none listed)",
        "deploy.lambda.function: arn:aws:lambda:eu-west-1:111122223333:function:payments-api is not among the"
            + " functions payments may touch (none listed)");
  }

  // --- CodeBuild projects ------------------------------------------------------------------------------

  @Test
  void givenBuildAndTestProjectsNotAllowed_itShouldNameEachField() {
    ReleaseSpec spec = spec();
    spec = new ReleaseSpec(spec.application(), step("billing-build"), step("payments.test"), spec.deploy(),
        spec.alarms(), spec.waves(), spec.flag(), spec.approvers(), spec.policy());

    assertThat(PolicyCheck.violations(spec, policy(null), ACCOUNT)).containsExactly(
        "build.codebuild.project: billing-build is not among the CodeBuild projects payments may use"
            + " (payments-build, payments-test)",
        "test.codebuild.project: payments.test is not among the CodeBuild projects payments may use"
            + " (payments-build, payments-test)");
  }

  @Test
  void givenNoTestStep_itShouldJudgeOnlyTheBuild() {
    ReleaseSpec spec = spec();
    spec = new ReleaseSpec(spec.application(), spec.build(), null, spec.deploy(), spec.alarms(), spec.waves(),
        spec.flag(), spec.approvers(), spec.policy());

    assertThat(PolicyCheck.violations(spec, policy(null), ACCOUNT)).isEmpty();
  }

  // --- SSM parameters ----------------------------------------------------------------------------------

  @ParameterizedTest(name = "prefix {0}, parameter {1}: allowed {2}")
  @CsvSource({
      "/payments/, /payments/flags/new-checkout, true",
      "/payments/, /payments/x, true",
      "/payments/, /paymentsx, false",
      "/payments/, /paymentsx/flag, false",
      "/payments/, /payments/, false",
      "/payments/, /payments, false",
      "/payments, /payments/x, true",
      "/payments, /payments, true",
      "/payments, /paymentsx, false",
      "/payments, /payments-old/x, false",
      "/, /anything/at/all, true",
      "payments-flag, payments-flag, true",
      "payments-flag, payments-flag2, false",
  })
  void givenAnSsmPrefix_itShouldAllowOnlyParametersAtAPathBoundary(String prefix, String parameter,
      boolean allowed) {
    ReleaseSpec spec = withFlag(spec(), new FlagSpec(new SsmFlagLocation(parameter), null, null, null, null, null));
    ApplicationPolicy policy = policy(null, new ResourceAllowance(PAYMENTS_RESOURCES.functions(), List.of(prefix),
        null, PAYMENTS_RESOURCES.codeBuildProjects()));

    assertThat(PolicyCheck.violations(spec, policy, ACCOUNT)).hasSize(allowed ? 0 : 1);
    assertThat(PolicyCheck.underPrefix(parameter, prefix)).isEqualTo(allowed);
  }

  @Test
  void givenAnSsmParameterOutsideEveryPrefix_itShouldNameItAndThePrefixes() {
    ReleaseSpec spec = withFlag(spec(), new FlagSpec(new SsmFlagLocation("/paymentsx/flag"), null, null, null, null,
        null));

    assertThat(PolicyCheck.violations(spec, policy(null), ACCOUNT)).containsExactly(
        "flag.ssm.parameter: /paymentsx/flag is not under any of the SSM parameter prefixes payments may use"
            + " (/payments/)");
  }

  @Test
  void givenABlankSsmPrefix_itShouldAllowNothing() {
    assertThat(PolicyCheck.underPrefix("/payments/x", "")).isFalse();
    assertThat(PolicyCheck.underPrefix("/payments/x", " ")).isFalse();
  }

  // --- AppConfig applications --------------------------------------------------------------------------

  @Test
  void givenAnAppConfigApplicationNotAllowed_itShouldNameItAndTheAllowedOnes() {
    ReleaseSpec spec = withFlag(spec(), new FlagSpec(null,
        new AppConfigFlagLocation("billing", "prod", "flags", "new-checkout"), null, "true", null, null));

    assertThat(PolicyCheck.violations(spec, policy(null), ACCOUNT)).containsExactly(
        "flag.appconfig.application: billing is not among the AppConfig applications payments may use"
            + " (payments)");
  }

  @Test
  void givenAnAllowedAppConfigApplication_itShouldPass() {
    ReleaseSpec spec = withFlag(spec(), new FlagSpec(null,
        new AppConfigFlagLocation("payments", "prod", "flags", "new-checkout"), null, "true", null, null));

    assertThat(PolicyCheck.violations(spec, policy(null), ACCOUNT)).isEmpty();
  }

  // --- globs -------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "payments-*         | payments-api                  | true",
      "payments-*         | payments-                     | true",
      "payments-*         | payments                      | false",
      "*                  | ''                            | true",
      "*                  | a:b/c                         | true",
      "payments.build     | payments.build                | true",
      "payments.build     | paymentsXbuild                | false",
      "pay+ments          | paymments                     | false",
      "pay+ments          | pay+ments                     | true",
      "pay?ments          | payXments                     | false",
      "[pay]ments         | pments                        | false",
      "[pay]ments         | [pay]ments                    | true",
      "a\\d               | a1                            | false",
      "a\\d               | a\\d                          | true",
      "(ab)+              | abab                          | false",
      "(ab)+              | (ab)+                         | true",
      "*-api              | payments-api                  | true",
      "*-api              | payments-api-v2               | false",
      "a*b*c              | a-x-b-y-c                     | true",
      "a*b*c              | a-x-c-y-b                     | false",
      "a*a*a*a*a*a*b      | aaaaaaaaaaaaaaaaaaaaaaaaaaaaa | false",
      "arn:*:payments-*   | arn:aws:lambda:x:payments-y   | true",
      "Payments-*         | payments-api                  | false",
  })
  void givenAGlob_itShouldTreatOnlyStarAsSpecial(String pattern, String text, boolean matches) {
    assertThat(PolicyCheck.globMatches(pattern, text)).isEqualTo(matches);
  }

  @Test
  void givenAPatternWithADot_itShouldNotLetTheDotStandForAnotherCharacterInAProject() {
    ApplicationPolicy policy = policy(null, new ResourceAllowance(PAYMENTS_RESOURCES.functions(),
        PAYMENTS_RESOURCES.ssmParameters(), null, List.of("payments.build")));
    ReleaseSpec spec = spec();
    spec = new ReleaseSpec(spec.application(), step("paymentsXbuild"), null, spec.deploy(), spec.alarms(),
        spec.waves(), spec.flag(), spec.approvers(), spec.policy());

    assertThat(PolicyCheck.violations(spec, policy, ACCOUNT)).containsExactly(
        "build.codebuild.project: paymentsXbuild is not among the CodeBuild projects payments may use"
            + " (payments.build)");
  }

  // --- smoke-test hooks --------------------------------------------------------------------------------

  @Test
  void givenHookFunctionsOutsideTheAllowance_itShouldNameEachHookFieldAndItsArnInEachRegion() {
    ReleaseSpec spec = withHooks(spec(), new HooksSpec(new HookSpec("qa-smoke:live", null),
        new HookSpec("payments-after", null)));

    assertThat(PolicyCheck.violations(spec, policy(null), ACCOUNT)).containsExactly(
        "hooks.beforeTraffic.function: arn:aws:lambda:us-east-1:111122223333:function:qa-smoke is not among the"
            + " functions payments may touch (arn:aws:lambda:*:111122223333:function:payments-*)",
        "hooks.beforeTraffic.function: arn:aws:lambda:eu-west-1:111122223333:function:qa-smoke is not among the"
            + " functions payments may touch (arn:aws:lambda:*:111122223333:function:payments-*)");
  }

  @Test
  void givenHookFunctionsWithinTheAllowance_itShouldPass() {
    ReleaseSpec spec = withHooks(spec(), new HooksSpec(new HookSpec("payments-smoke:7", null),
        new HookSpec("arn:aws:lambda:us-east-1:111122223333:function:payments-after", null)));

    assertThat(PolicyCheck.violations(spec, policy(null), ACCOUNT)).isEmpty();
  }

  @Test
  void givenAHookInAnotherAccount_itShouldNotLetANamePatternVouchForIt() {
    ReleaseSpec spec = withHooks(onlyIn(spec(), "us-east-1"), new HooksSpec(null,
        new HookSpec("444455556666:function:payments-smoke", null)));

    assertThat(PolicyCheck.violations(spec, policy(null, functions("payments-*")), ACCOUNT)).containsExactly(
        "hooks.afterTraffic.function: arn:aws:lambda:us-east-1:444455556666:function:payments-smoke is not among"
            + " the functions payments may touch (payments-*)");
  }

  // --- everything at once ------------------------------------------------------------------------------

  @Test
  void givenASpecBreakingEveryRule_itShouldListEveryViolationInSpecOrder() {
    ReleaseSpec spec = new ReleaseSpec("payments", step("other-build"), step("other-test"),
        new DeploySpec(new LambdaTarget("billing-api", "live"), null), List.of(),
        List.of(new WaveSpec("one", List.of(Region.of("us-east-1")), Duration.ofMinutes(5), null),
            new WaveSpec("two", List.of(Region.of("eu-west-1")), Duration.ofHours(2), null),
            new WaveSpec("three", List.of(Region.of("ap-southeast-2")), Duration.ofMinutes(59), null)),
        new FlagSpec(new SsmFlagLocation("/billing/flag"), null, null, null, null, null), List.of(), null);

    assertThat(PolicyCheck.violations(spec, policy(Duration.ofHours(1)), ACCOUNT)).containsExactly(
        "build.codebuild.project: other-build is not among the CodeBuild projects payments may use"
            + " (payments-build, payments-test)",
        "test.codebuild.project: other-test is not among the CodeBuild projects payments may use"
            + " (payments-build, payments-test)",
        "deploy.lambda.function: arn:aws:lambda:us-east-1:111122223333:function:billing-api is not among the"
            + " functions payments may touch (arn:aws:lambda:*:111122223333:function:payments-*)",
        "deploy.lambda.function: arn:aws:lambda:eu-west-1:111122223333:function:billing-api is not among the"
            + " functions payments may touch (arn:aws:lambda:*:111122223333:function:payments-*)",
        "deploy.lambda.function: arn:aws:lambda:ap-southeast-2:111122223333:function:billing-api is not among"
            + " the functions payments may touch (arn:aws:lambda:*:111122223333:function:payments-*)",
        "waves[0] (one).bake: 5m is shorter than the policy's minimum bake for payments (1h)",
        "waves[2] (three).bake: 59m is shorter than the policy's minimum bake for payments (1h)",
        "flag.ssm.parameter: /billing/flag is not under any of the SSM parameter prefixes payments may use"
            + " (/payments/)");
  }

  @Test
  void givenTheDefaultSection_itShouldNameTheSpecsApplicationInItsMessages() {
    ApplicationPolicy fallback = new ApplicationPolicy("*", "sha256:00", List.of(), Map.of(), false,
        Duration.ofHours(1), ResourceAllowance.NONE);
    ReleaseSpec spec = withWaves(withFunction(spec(), "payments-api"),
        new WaveSpec("all", List.of(Region.of("us-east-1")), Duration.ofHours(1), null));

    assertThat(PolicyCheck.violations(spec, fallback, ACCOUNT)).containsExactly(
        "build.codebuild.project: payments-build is not among the CodeBuild projects payments may use"
            + " (none listed)",
        "test.codebuild.project: payments-test is not among the CodeBuild projects payments may use"
            + " (none listed)",
        "deploy.lambda.function: arn:aws:lambda:us-east-1:111122223333:function:payments-api is not among the"
            + " functions payments may touch (none listed)",
        "flag.ssm.parameter: /payments/flags/new-checkout is not under any of the SSM parameter prefixes"
            + " payments may use (none listed)");
  }

  @Test
  void givenTheSameInputsTwice_itShouldGiveTheSameAnswer() {
    ReleaseSpec spec = withFunction(spec(), "billing-api");

    assertThat(PolicyCheck.violations(spec, policy(Duration.ofDays(1)), ACCOUNT))
        .isEqualTo(PolicyCheck.violations(spec, policy(Duration.ofDays(1)), ACCOUNT));
  }

  @Test
  void givenNoSpecOrNoPolicy_itShouldSaySoByName() {
    assertThatNullPointerException().isThrownBy(() -> PolicyCheck.violations(null, policy(null), ACCOUNT))
        .withMessage("spec");
    assertThatNullPointerException().isThrownBy(() -> PolicyCheck.violations(spec(), null, ACCOUNT))
        .withMessage("policy");
  }

  // --- approval gates ----------------------------------------------------------------------------------

  @Test
  void givenAPolicyRequiringApprovalAfterTheFirstWave_aLaterWaveWithoutAGateIsRefusedAndTheFirstNeedsNone() {
    ReleaseSpec spec = withWaves(spec(),
        new WaveSpec("canary-region", List.of(Region.of("us-east-1")), Duration.ofHours(1), Approval.NONE),
        new WaveSpec("rest", List.of(Region.of("eu-west-1")), Duration.ofHours(2), Approval.NONE));

    assertThat(PolicyCheck.violations(spec, requiring(ApplicationPolicy.AFTER_FIRST, false), ACCOUNT))
        .containsExactly("waves[1] (rest).approval: the policy requires an approval before every wave after the "
            + "first of payments; write approval: required");
    assertThat(PolicyCheck.violations(spec(), requiring(ApplicationPolicy.AFTER_FIRST, false), ACCOUNT)).isEmpty();
  }

  @Test
  void givenAPolicyRequiringApprovalOfEveryWaveAndTheFlag_everyMissingGateIsListed() {
    assertThat(PolicyCheck.violations(spec(), requiring(ApplicationPolicy.EVERY_WAVE, true), ACCOUNT))
        .containsExactly(
            "waves[0] (canary-region).approval: the policy requires an approval before every wave of payments; "
                + "write approval: required",
            "flag.approval: the policy requires an approval before the flag of payments is turned on; write "
                + "approval: required");
  }

  @Test
  void givenAPolicyRequiringNoGate_aSpecWithoutGatesPasses() {
    ReleaseSpec spec = withWaves(spec(),
        new WaveSpec("all", List.of(Region.of("us-east-1")), Duration.ofHours(1), Approval.NONE));
    assertThat(PolicyCheck.violations(spec, requiring(ApplicationPolicy.NO_WAVE, false), ACCOUNT)).isEmpty();
  }

  @Test
  void givenAWaveNamedAfterAGateWithItsOwnApprovers_itsListOnlyNarrowsTheDefaultButTheFlagsStandsAlone() {
    ApplicationPolicy p = new ApplicationPolicy("payments", "sha256:00", List.of("alice"),
        Map.of("*", List.of("bob", "carol"), "canary", List.of("carol", "mallory"), "flag", List.of("dave")),
        false, Duration.ZERO, PAYMENTS_RESOURCES);
    assertThat(p.approversOf("canary")).as("a spec naming its wave canary gains mallory nothing")
        .containsExactly("carol");
    assertThat(p.approversOf("rest")).containsExactly("bob", "carol");
    assertThat(p.approversOf("flag")).containsExactly("dave");
  }

  private static ApplicationPolicy requiring(String waves, boolean flag) {
    return new ApplicationPolicy("payments", "sha256:00", List.of("alice"), Map.of("*", List.of("bob")), false,
        Duration.ZERO, PAYMENTS_RESOURCES, waves, flag);
  }

  // --- helpers -----------------------------------------------------------------------------------------

  /** A payments release that keeps to {@link #PAYMENTS_RESOURCES}, baking 1h then 2h. */
  // --- notifications -------------------------------------------------------------------------------------

  @Test
  void givenNotificationsToItsOwnChannels_itShouldPass_andToAnotherApplicationsItShouldNameThem() {
    ResourceAllowance resources = new ResourceAllowance(PAYMENTS_RESOURCES.functions(), PAYMENTS_RESOURCES.ssmParameters(),
        PAYMENTS_RESOURCES.appConfigApplications(), PAYMENTS_RESOURCES.codeBuildProjects(),
        List.of("arn:aws:sns:*:" + ACCOUNT + ":payments-*"), List.of("payments-*"));
    assertThat(PolicyCheck.violations(withNotifications(spec(), new NotificationsSpec(
        "arn:aws:sns:eu-west-1:" + ACCOUNT + ":payments-releases", "payments-slack")),
        policy(Duration.ofMinutes(30), resources), ACCOUNT)).isEmpty();
    assertThat(PolicyCheck.violations(withNotifications(spec(), new NotificationsSpec(
        "arn:aws:sns:eu-west-1:" + ACCOUNT + ":ledger-paging", "ledger-oncall")),
        policy(Duration.ofMinutes(30), resources), ACCOUNT)).containsExactly(
        "notifications.sns: arn:aws:sns:eu-west-1:" + ACCOUNT + ":ledger-paging is not among the SNS topics payments"
            + " may notify (arn:aws:sns:*:" + ACCOUNT + ":payments-*)",
        "notifications.webhook: ledger-oncall is not among the webhooks payments may post to (payments-*)");
  }

  @Test
  void givenAPolicyThatListsNoChannels_itShouldRefuseEveryNotification() {
    var violations = PolicyCheck.violations(withNotifications(spec(), new NotificationsSpec(
        "arn:aws:sns:eu-west-1:" + ACCOUNT + ":payments-releases", null)), policy(Duration.ofMinutes(30)), ACCOUNT);
    assertThat(violations).singleElement().asString().startsWith("notifications.sns: ");
  }

  private static ReleaseSpec withNotifications(ReleaseSpec s, NotificationsSpec notifications) {
    return new ReleaseSpec(s.application(), s.build(), s.test(), s.deploy(), s.alarms(), s.waves(), s.flag(),
        s.approvers(), s.policy(), s.analysis(), s.hooks(), notifications);
  }

  private static ReleaseSpec spec() {
    return new ReleaseSpec("payments", step("payments-build"), step("payments-test"),
        new DeploySpec(new LambdaTarget("payments-api", "live"), null), List.of("payments-5xx"),
        List.of(new WaveSpec("canary-region", List.of(Region.of("us-east-1")), Duration.ofHours(1), null),
            new WaveSpec("rest", List.of(Region.of("eu-west-1")), Duration.ofHours(2), Approval.REQUIRED)),
        new FlagSpec(new SsmFlagLocation("/payments/flags/new-checkout"), null, null, null, null, null),
        List.of("bob"), null);
  }

  private static BuildStepSpec step(String project) {
    return new BuildStepSpec(new CodeBuildProject(project, null), null);
  }

  private static ApplicationPolicy policy(Duration minBake) {
    return policy(minBake, PAYMENTS_RESOURCES);
  }

  private static ApplicationPolicy policy(Duration minBake, ResourceAllowance resources) {
    return new ApplicationPolicy("payments", "sha256:00", List.of("alice"), Map.of("*", List.of("bob")), false,
        minBake, resources);
  }

  private static ResourceAllowance functions(String... patterns) {
    return new ResourceAllowance(List.of(patterns), PAYMENTS_RESOURCES.ssmParameters(),
        PAYMENTS_RESOURCES.appConfigApplications(), PAYMENTS_RESOURCES.codeBuildProjects());
  }

  private static ReleaseSpec withFunction(ReleaseSpec s, String function) {
    return new ReleaseSpec(s.application(), s.build(), s.test(), new DeploySpec(new LambdaTarget(function, "live"),
        null), s.alarms(), s.waves(), s.flag(), s.approvers(), s.policy());
  }

  private static ReleaseSpec withHooks(ReleaseSpec s, HooksSpec hooks) {
    return new ReleaseSpec(s.application(), s.build(), s.test(), s.deploy(), s.alarms(), s.waves(), s.flag(),
        s.approvers(), s.policy(), s.analysis(), hooks, s.notifications());
  }

  private static ReleaseSpec withWaves(ReleaseSpec s, WaveSpec... waves) {
    return new ReleaseSpec(s.application(), s.build(), s.test(), s.deploy(), s.alarms(), List.of(waves), s.flag(),
        s.approvers(), s.policy());
  }

  private static ReleaseSpec onlyIn(ReleaseSpec s, String region) {
    return withWaves(s, new WaveSpec("all", List.of(Region.of(region)), Duration.ofHours(1), null));
  }

  private static ReleaseSpec withFlag(ReleaseSpec s, FlagSpec flag) {
    return new ReleaseSpec(s.application(), s.build(), s.test(), s.deploy(), s.alarms(), s.waves(), flag,
        s.approvers(), s.policy());
  }
}
