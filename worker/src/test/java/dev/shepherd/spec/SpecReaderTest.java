package dev.shepherd.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.worker.SpecReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecReaderTest {

  // --- valid documents -------------------------------------------------------------------------------

  @Test
  void givenAValidDocument_itShouldGiveASpecWithNoProblems() {
    SpecReader.Result result = SpecReader.read(validDocument());

    assertThat(result.problems()).isEmpty();
    assertThat(result.ok()).isTrue();
    assertThat(result.spec()).isNotNull();
  }

  @Test
  void givenAValidDocument_itShouldReadTheBuildAndTestSteps() {
    ReleaseSpec spec = readValid(validDocument());

    assertThat(spec.application()).isEqualTo("payments");
    assertThat(spec.build().codebuild()).isEqualTo(new CodeBuildProject("payments-build", null));
    assertThat(spec.build().timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(spec.test().codebuild())
        .isEqualTo(new CodeBuildProject("payments-integration-tests", Region.of("us-east-1")));
    assertThat(spec.test().timeout()).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void givenAValidDocument_itShouldReadTheDeployTargetAndCanary() {
    ReleaseSpec spec = readValid(validDocument());

    assertThat(spec.deploy().lambda()).isEqualTo(new LambdaTarget("payments-api", "live"));
    assertThat(spec.deploy().canary().weight()).isEqualTo(CanaryWeight.of(10));
    assertThat(spec.deploy().canary().weight().fraction()).isEqualTo(0.10);
    assertThat(spec.deploy().canary().duration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(spec.alarms()).containsExactly("payments-5xx", "payments-p99-latency");
  }

  @Test
  void givenAValidDocument_itShouldReadTheWavesInOrderWithTheirRegionsBakesAndApprovals() {
    ReleaseSpec spec = readValid(validDocument());

    assertThat(spec.waves()).containsExactly(
        new WaveSpec("canary-region", List.of(Region.of("us-east-1")), Duration.ofHours(1), Approval.NONE),
        new WaveSpec("rest", List.of(Region.of("eu-west-1"), Region.of("ap-southeast-2")),
            Duration.ofHours(2), Approval.REQUIRED));
    assertThat(spec.allRegions())
        .extracting(Region::code)
        .containsExactly("us-east-1", "eu-west-1", "ap-southeast-2");
  }

  @Test
  void givenAValidDocument_itShouldReadTheFlagApproversAndPolicy() {
    ReleaseSpec spec = readValid(validDocument());

    assertThat(spec.flag().ssm()).isEqualTo(new SsmFlagLocation("/payments/flags/new-checkout"));
    assertThat(spec.flag().appconfig()).isNull();
    assertThat(spec.flag().region()).isEqualTo(Region.of("us-east-1"));
    assertThat(spec.flag().approval()).isEqualTo(Approval.REQUIRED);
    assertThat(spec.flag().bake()).isEqualTo(Duration.ofMinutes(30));
    assertThat(spec.approvers()).containsExactly("alice", "bob");
    assertThat(spec.policy().onFailure()).isEqualTo(OnFailure.PAUSE);
    assertThat(spec.policy().approvalTimeout()).isEqualTo(Duration.ofHours(48));
    assertThat(spec.policy().pauseTimeout()).isEqualTo(Duration.ofHours(4));
    assertThat(spec.policy().windows()).containsExactly("Mon-Fri 09:00-17:00 Europe/Dublin");
    assertThat(spec.gateNames()).containsExactly("rest", FlagSpec.GATE_NAME);
  }

  @Test
  void givenAFlagWithOnlyAProvider_itShouldTurnItOnWithTrueWithoutApprovalOrBake() {
    Map<String, Object> doc = validDocument();
    set(doc, "flag", map("ssm", map("parameter", "/payments/flags/new-checkout")));

    FlagSpec flag = readValid(doc).flag();

    assertThat(flag.value()).isEqualTo("true");
    assertThat(flag.approval()).isEqualTo(Approval.NONE);
    assertThat(flag.bake()).isEqualTo(Duration.ZERO);
    assertThat(flag.region()).isNull();
  }

  @Test
  void givenAFlagValueWrittenAsABoolean_itShouldKeepItAsText() {
    Map<String, Object> doc = validDocument();
    set(doc, "flag.value", false);

    assertThat(readValid(doc).flag().value()).isEqualTo("false");
  }

  @Test
  void givenAnAppConfigFlag_itShouldReadAllFourNames() {
    Map<String, Object> doc = validDocument();
    set(doc, "flag", map("appconfig",
        map("application", "payments", "environment", "prod", "profile", "flags", "flag", "new-checkout")));

    FlagSpec flag = readValid(doc).flag();

    assertThat(flag.appconfig()).isEqualTo(new AppConfigFlagLocation("payments", "prod", "flags", "new-checkout"));
    assertThat(flag.ssm()).isNull();
  }

  @Test
  void givenNoPolicy_itShouldRollBackOnFailureAndWait72HoursForApproval() {
    Map<String, Object> doc = validDocument();
    remove(doc, "policy");

    PolicySpec policy = readValid(doc).policy();

    assertThat(policy.onFailure()).isEqualTo(OnFailure.ROLLBACK);
    assertThat(policy.approvalTimeout()).isEqualTo(Duration.ofHours(72));
    assertThat(policy.pauseTimeout()).isEqualTo(Duration.ofHours(24));
    assertThat(policy.windows()).isEmpty();
  }

  @Test
  void givenAPolicyWithOnlyWindows_itShouldUseTheDefaultsForTheRest() {
    Map<String, Object> doc = validDocument();
    set(doc, "policy", map("windows", list("Daily 00:00-24:00 UTC")));

    PolicySpec policy = readValid(doc).policy();

    assertThat(policy.onFailure()).isEqualTo(OnFailure.ROLLBACK);
    assertThat(policy.approvalTimeout()).isEqualTo(PolicySpec.DEFAULT_APPROVAL_TIMEOUT);
    assertThat(policy.windows()).containsExactly("Daily 00:00-24:00 UTC");
  }

  @Test
  void givenOnlyTheRequiredFields_itShouldLeaveTheOptionalPartsOutAndDefaultTheBuildTimeout() {
    Map<String, Object> doc = map(
        "application", "payments",
        "build", map("codebuild", map("project", "payments-build")),
        "deploy", map("lambda", map("function", "payments-api", "alias", "live")),
        "waves", list(map("name", "all", "regions", list("eu-west-1"))));

    ReleaseSpec spec = readValid(doc);

    assertThat(spec.test()).isNull();
    assertThat(spec.deploy().canary()).isNull();
    assertThat(spec.flag()).isNull();
    assertThat(spec.alarms()).isEmpty();
    assertThat(spec.approvers()).isEmpty();
    assertThat(spec.build().timeout()).isEqualTo(BuildStepSpec.DEFAULT_TIMEOUT);
    assertThat(spec.waves().get(0).bake()).isEqualTo(Duration.ZERO);
    assertThat(spec.waves().get(0).approval()).isEqualTo(Approval.NONE);
  }

  @Test
  void givenOnFailureInCapitals_itShouldStillBeRead() {
    Map<String, Object> doc = validDocument();
    set(doc, "policy.onFailure", "ROLLBACK");

    assertThat(readValid(doc).policy().onFailure()).isEqualTo(OnFailure.ROLLBACK);
  }

  @Test
  void givenApprovalWrittenAsABoolean_itShouldMeanRequiredOrNone() {
    Map<String, Object> doc = validDocument();
    set(doc, "waves[0].approval", true);
    set(doc, "waves[1].approval", false);

    ReleaseSpec spec = readValid(doc);

    assertThat(spec.waves()).extracting(WaveSpec::approval).containsExactly(Approval.REQUIRED, Approval.NONE);
  }

  @Test
  void givenAWeightWrittenWithAPercentSign_itShouldReadTheNumber() {
    Map<String, Object> doc = validDocument();
    set(doc, "deploy.canary.weight", "25%");

    assertThat(readValid(doc).deploy().canary().weight().percent()).isEqualTo(25);
  }

  @ParameterizedTest(name = "weight {0}")
  @ValueSource(ints = {1, 99})
  void givenAWeightAtTheEdgeOfTheRange_itShouldBeAccepted(int weight) {
    Map<String, Object> doc = validDocument();
    set(doc, "deploy.canary.weight", weight);

    assertThat(readValid(doc).deploy().canary().weight().percent()).isEqualTo(weight);
  }

  @Test
  void givenAnIsoDuration_itShouldBeRead() {
    Map<String, Object> doc = validDocument();
    set(doc, "deploy.canary.duration", "PT90S");

    assertThat(readValid(doc).deploy().canary().duration()).isEqualTo(Duration.ofSeconds(90));
  }

  @ParameterizedTest(name = "bake: {0}")
  @ValueSource(strings = {"0", "0s", "number"})
  void givenAZeroBake_itShouldBeAcceptedWithOrWithoutAUnit(String bake) {
    Map<String, Object> doc = validDocument();
    set(doc, "waves[0].bake", bake.equals("number") ? (Object) 0 : bake);

    assertThat(readValid(doc).waves().get(0).bake()).isEqualTo(Duration.ZERO);
  }

  // --- unknown keys ----------------------------------------------------------------------------------

  @Test
  void givenAnUnknownTopLevelKey_itShouldReportItAndListTheKnownKeys() {
    Map<String, Object> doc = validDocument();
    set(doc, "owner", "team-payments");

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo("owner");
    assertThat(problem.message()).startsWith("unknown key").contains("application", "waves", "policy");
  }

  @Test
  void givenAMisspelledCanaryWeight_itShouldReportTheUnknownKeyAtItsFullPathAndTheMissingWeight() {
    Map<String, Object> doc = validDocument();
    remove(doc, "deploy.canary.weight");
    set(doc, "deploy.canary.wieght", 10);

    SpecReader.Result result = SpecReader.read(doc);

    assertThat(result.problems()).containsExactlyInAnyOrder(
        new SpecProblem("deploy.canary.wieght", "unknown key (expected one of: weight, duration)"),
        new SpecProblem("deploy.canary.weight", "is required"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "build.image", "build.codebuild.projet", "test.retries", "deploy.lambda.version", "deploy.strategy",
      "waves[1].regon", "flag.ssm.param", "flag.target", "policy.onfailure"})
  void givenAnUnknownNestedKey_itShouldReportItAtItsFullPath(String path) {
    Map<String, Object> doc = validDocument();
    set(doc, path, "x");

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo(path);
    assertThat(problem.message()).startsWith("unknown key (expected one of: ");
  }

  // --- missing, empty and mistyped fields ------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "application", "build", "build.codebuild", "build.codebuild.project", "test.codebuild", "deploy",
      "deploy.lambda", "deploy.lambda.function", "deploy.lambda.alias", "deploy.canary.weight",
      "deploy.canary.duration", "waves", "waves[0].name", "waves[1].regions", "flag.ssm.parameter"})
  void givenARequiredFieldIsMissing_itShouldReportItAsRequiredAtItsPath(String path) {
    Map<String, Object> doc = validDocument();
    remove(doc, path);

    assertThat(onlyProblem(doc)).isEqualTo(new SpecProblem(path, "is required"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"application", "build.codebuild.project", "deploy.lambda.function", "waves[0].name"})
  void givenARequiredTextFieldIsBlank_itShouldSayItMustNotBeEmpty(String path) {
    Map<String, Object> doc = validDocument();
    set(doc, path, "  ");

    assertThat(onlyProblem(doc)).isEqualTo(new SpecProblem(path, "must not be empty"));
  }

  @Test
  void givenAnEmptyListOfWaves_itShouldSayThereMustBeAtLeastOne() {
    Map<String, Object> doc = validDocument();
    set(doc, "waves", list());

    assertThat(onlyProblem(doc)).isEqualTo(new SpecProblem("waves", "must list at least one wave"));
  }

  @Test
  void givenAWaveWithAnEmptyListOfRegions_itShouldSayItNeedsAtLeastOne() {
    Map<String, Object> doc = validDocument();
    set(doc, "waves[1].regions", list());

    assertThat(onlyProblem(doc)).isEqualTo(new SpecProblem("waves[1].regions", "must list at least one region"));
  }

  @Test
  void givenASectionThatIsNotAMapping_itShouldSaySoOnce() {
    Map<String, Object> doc = validDocument();
    set(doc, "build", "payments-build");

    assertThat(onlyProblem(doc))
        .isEqualTo(new SpecProblem("build", "must be a mapping of keys to values (found \"payments-build\")"));
  }

  @Test
  void givenWavesThatAreNotAList_itShouldSaySo() {
    Map<String, Object> doc = validDocument();
    set(doc, "waves", map("name", "all", "regions", list("eu-west-1")));

    assertThat(onlyProblem(doc)).isEqualTo(new SpecProblem("waves", "must be a list (found a mapping)"));
  }

  @Test
  void givenARegionThatIsNotASingleValue_itShouldReportItByIndex() {
    Map<String, Object> doc = validDocument();
    set(doc, "waves[1].regions[1]", list("ap-southeast-2"));

    assertThat(onlyProblem(doc))
        .isEqualTo(new SpecProblem("waves[1].regions[1]", "must be a single value (found a list)"));
  }

  @Test
  void givenADocumentThatIsNotAMapping_itShouldReportTheDocument() {
    SpecReader.Result result = SpecReader.read(List.of("application", "payments"));

    assertThat(result.spec()).isNull();
    assertThat(result.problems())
        .containsExactly(new SpecProblem("(document)", "must be a mapping of keys to values (found a list)"));
  }

  @Test
  void givenNoDocumentAtAll_itShouldReportTheDocument() {
    SpecReader.Result result = SpecReader.read(null);

    assertThat(result.spec()).isNull();
    assertThat(result.problems())
        .containsExactly(new SpecProblem("(document)", "must be a mapping of keys to values (found nothing)"));
  }

  // --- regions ---------------------------------------------------------------------------------------

  @Test
  void givenAnUnknownRegion_itShouldSayItIsNotAnAwsRegionAtItsIndex() {
    Map<String, Object> doc = validDocument();
    set(doc, "waves[1].regions[0]", "eu-west-9");

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo("waves[1].regions[0]");
    assertThat(problem.message()).contains("\"eu-west-9\" is not an AWS region");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"build.codebuild.region", "test.codebuild.region", "flag.region"})
  void givenAnUnknownRegionForABuildOrTheFlag_itShouldReportItAtThatField(String path) {
    Map<String, Object> doc = validDocument();
    set(doc, path, "us-east-3");

    assertThat(onlyProblem(doc)).isEqualTo(new SpecProblem(path, "\"us-east-3\" is not an AWS region"));
  }

  @Test
  void givenARegionInTwoWaves_itShouldReportTheSecondAndNameTheFirst() {
    Map<String, Object> doc = validDocument();
    listAt(doc, "waves[1].regions").add("us-east-1");

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo("waves[1].regions[2]");
    assertThat(problem.message())
        .contains("\"us-east-1\" is already deployed at waves[0].regions[0]", "a region belongs to one wave");
  }

  // --- durations -------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "build.timeout", "test.timeout", "deploy.canary.duration", "waves[0].bake", "flag.bake",
      "policy.approvalTimeout", "policy.pauseTimeout", "policy.blindAfter"})
  void givenADurationInWords_itShouldSayItIsNotADuration(String path) {
    Map<String, Object> doc = validDocument();
    set(doc, path, "5 minutes");

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo(path);
    assertThat(problem.message()).startsWith("\"5 minutes\" is not a duration").contains("90s, 5m, 1h30m");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "build.timeout", "test.timeout", "deploy.canary.duration", "waves[1].bake", "flag.bake",
      "policy.approvalTimeout", "policy.pauseTimeout", "policy.blindAfter"})
  void givenANegativeDuration_itShouldSayDurationsMustBeZeroOrMore(String path) {
    Map<String, Object> doc = validDocument();
    set(doc, path, "-5m");

    assertThat(onlyProblem(doc))
        .isEqualTo(new SpecProblem(path, "\"-5m\" is negative; durations must be zero or more"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"build.timeout", "deploy.canary.duration", "waves[0].bake", "policy.approvalTimeout"})
  void givenANumberWithoutAUnit_itShouldAskForAUnit(String path) {
    Map<String, Object> doc = validDocument();
    set(doc, path, 5);

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo(path);
    assertThat(problem.message()).isEqualTo("\"5\" has no unit; write e.g. 5s, 5m or 5h");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"build.timeout", "policy.approvalTimeout", "policy.pauseTimeout"})
  void givenAZeroTimeout_itShouldSayItMustBeMoreThanZero(String path) {
    Map<String, Object> doc = validDocument();
    set(doc, path, "0s");

    assertThat(onlyProblem(doc)).isEqualTo(new SpecProblem(path, "0s must be more than zero"));
  }

  // --- duration bounds -------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} {1} is refused, {2} accepted")
  @org.junit.jupiter.params.provider.CsvSource({
      "waves[0].bake,               30d1s,  30d",
      "waves[1].bake,               31d,    30d",
      "flag.bake,                   30d1s,  30d",
      "deploy.canary.duration,      24h1s,  24h",
      "build.timeout,               36h1s,  36h",
      "test.timeout,                37h,    36h",
      "policy.approvalTimeout,      30d1s,  30d",
      "policy.pauseTimeout,         30d1s,  30d",
      "policy.alarmBlockerTimeout,  24h1s,  24h",
      "policy.blindAfter,           24h1s,  24h",
  })
  void givenADurationJustOverItsBound_itShouldNameThePathAndTheMaximum_andAtTheBoundItShouldBeAccepted(
      String path, String over, String bound) {
    Map<String, Object> doc = validDocument();
    set(doc, path, over);

    String written = Durations.format(Durations.parse(over).orElseThrow());
    assertThat(onlyProblem(doc)).isEqualTo(new SpecProblem(path, written + " is longer than the maximum of " + bound));

    set(doc, path, bound);
    readValid(doc);
  }

  @ParameterizedTest(name = "blindAfter {0}")
  @ValueSource(strings = {"999ms", "0s", "1ms"})
  void givenABlindAfterUnderASecond_itShouldSayTheMinimumIsOneSecond(String text) {
    Map<String, Object> doc = validDocument();
    set(doc, "policy.blindAfter", text);

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo("policy.blindAfter");
    assertThat(problem.message()).startsWith(Durations.format(Durations.parse(text).orElseThrow())
        + " is shorter than the minimum of 1s");
  }

  @Test
  void givenABlindAfterOfOneSecond_itShouldBeRead() {
    Map<String, Object> doc = validDocument();
    set(doc, "policy.blindAfter", "1s");

    assertThat(readValid(doc).policy().blindAfter()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void givenNoBlindAfter_itShouldDefaultToTenMinutes() {
    assertThat(readValid(validDocument()).policy().blindAfter()).isEqualTo(Duration.ofMinutes(10));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"3650000d", "87600000h", "99999999999999999999d", "999999999999999d", "P3650000D",
      "PT99999999999999999999H"})
  void givenATenThousandYearBake_itShouldSayItIsLongerThanTheMaximumWithoutFailing(String text) {
    Map<String, Object> doc = validDocument();
    set(doc, "waves[0].bake", text);

    assertThat(onlyProblem(doc))
        .isEqualTo(new SpecProblem("waves[0].bake", "\"" + text + "\" is longer than the maximum of 30d"));
  }

  @Test
  void givenAnAbsurdlyLongNegativeDuration_itShouldSayDurationsMustBeZeroOrMore() {
    Map<String, Object> doc = validDocument();
    set(doc, "policy.pauseTimeout", "-3650000d");

    assertThat(onlyProblem(doc)).isEqualTo(
        new SpecProblem("policy.pauseTimeout", "\"-3650000d\" is negative; durations must be zero or more"));
  }

  @Test
  void givenASpecBuiltInCode_theValidatorShouldApplyTheSameBounds() {
    ReleaseSpec spec = readValid(validDocument());
    PolicySpec p = spec.policy();
    ReleaseSpec tooBlind = new ReleaseSpec(spec.application(), spec.build(), spec.test(), spec.deploy(), spec.alarms(),
        spec.waves(), spec.flag(), spec.approvers(), new PolicySpec(p.onFailure(), p.approvalTimeout(),
            p.pauseTimeout(), p.windows(), p.alarmBlocker(), p.alarmBlockerTimeout(), Duration.ofMillis(500)));
    ReleaseSpec longBake = new ReleaseSpec(spec.application(), spec.build(), spec.test(), spec.deploy(),
        spec.alarms(), List.of(new WaveSpec("w", List.of(Region.of("us-east-1")), Duration.ofDays(3_650_000), null)),
        null, spec.approvers(), p);

    assertThat(SpecValidator.validate(tooBlind)).containsExactly(new SpecProblem("policy.blindAfter",
        "500ms is shorter than the minimum of 1s"));
    assertThat(SpecValidator.validate(longBake))
        .containsExactly(new SpecProblem("waves[0].bake", "3650000d is longer than the maximum of 30d"));
  }

  // --- canary weight ---------------------------------------------------------------------------------

  @ParameterizedTest(name = "weight {0}")
  @ValueSource(ints = {0, 100, -5})
  void givenAWeightOutside1To99_itShouldSayItIsOutsideTheRange(int weight) {
    Map<String, Object> doc = validDocument();
    set(doc, "deploy.canary.weight", weight);

    assertThat(onlyProblem(doc))
        .isEqualTo(new SpecProblem("deploy.canary.weight", weight + " is outside 1..99 (percent of traffic)"));
  }

  @ParameterizedTest(name = "weight {0}")
  @ValueSource(strings = {"ten", "10.5", "true"})
  void givenAWeightThatIsNotAWholeNumber_itShouldSaySoOnce(String weight) {
    Map<String, Object> doc = validDocument();
    set(doc, "deploy.canary.weight", weight.equals("10.5") ? (Object) 10.5 : weight.equals("true") ? true : weight);

    assertThat(onlyProblem(doc))
        .isEqualTo(new SpecProblem("deploy.canary.weight", "\"" + weight + "\" is not a whole number"));
  }

  // --- deployment windows ----------------------------------------------------------------------------

  @Test
  void givenAWindowWithAnUnknownTimeZone_itShouldReportTheWindowByIndex() {
    Map<String, Object> doc = validDocument();
    listAt(doc, "policy.windows").add("Sat 10:00-12:00 Mars/Olympus_Mons");

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo("policy.windows[1]");
    assertThat(problem.message()).contains("\"Mars/Olympus_Mons\" is not a known time zone");
  }

  @Test
  void givenAMalformedWindow_itShouldSayWhatAWindowLooksLike() {
    Map<String, Object> doc = validDocument();
    set(doc, "policy.windows[0]", "weekdays 9-5");

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo("policy.windows[0]");
    assertThat(problem.message()).contains("\"weekdays 9-5\" is not a window", "DAYS HH:MM-HH:MM ZONE");
  }

  // --- flag ------------------------------------------------------------------------------------------

  @Test
  void givenAFlagWithoutAProvider_itShouldAskForSsmOrAppConfig() {
    Map<String, Object> doc = validDocument();
    remove(doc, "flag.ssm");

    assertThat(onlyProblem(doc))
        .isEqualTo(new SpecProblem("flag", "names no provider; give flag.ssm or flag.appconfig"));
  }

  @Test
  void givenAFlagWithBothProviders_itShouldAskForOnlyOne() {
    Map<String, Object> doc = validDocument();
    set(doc, "flag.appconfig",
        map("application", "payments", "environment", "prod", "profile", "flags", "flag", "new-checkout"));

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo("flag");
    assertThat(problem.message()).startsWith("names two providers");
  }

  @Test
  void givenAnAppConfigFlagWithoutItsProfile_itShouldReportTheMissingName() {
    Map<String, Object> doc = validDocument();
    remove(doc, "flag.ssm");
    set(doc, "flag.appconfig", map("application", "payments", "environment", "prod", "flag", "new-checkout"));

    assertThat(onlyProblem(doc)).isEqualTo(new SpecProblem("flag.appconfig.profile", "is required"));
  }

  @Test
  void givenAnSsmParameterPathWithoutALeadingSlash_itShouldSaySo() {
    Map<String, Object> doc = validDocument();
    set(doc, "flag.ssm.parameter", "payments/flags/new-checkout");

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo("flag.ssm.parameter");
    assertThat(problem.message()).contains("without a leading '/'");
  }

  @ParameterizedTest(name = "value {0}")
  @ValueSource(strings = {"enabled", "yes", "on", "1", "ture"})
  void givenAnAppConfigFlagValueThatIsNotABoolean_itShouldSayItMustBeTrueOrFalse(String value) {
    Map<String, Object> doc = appConfigFlagDocument();
    set(doc, "flag.value", value);

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo("flag.value");
    assertThat(problem.message()).contains("\"" + value + "\" is not true or false");
  }

  @ParameterizedTest(name = "value {0}")
  @ValueSource(strings = {"true", "false", "True", "FALSE"})
  void givenAnAppConfigFlagValueOfTrueOrFalseInAnyCase_itShouldBeAccepted(String value) {
    Map<String, Object> doc = appConfigFlagDocument();
    set(doc, "flag.value", value);

    assertThat(readValid(doc).flag().value()).isEqualTo(value);
  }

  @Test
  void givenAnAppConfigFlagValueWrittenAsAYamlBoolean_itShouldBeAccepted() {
    Map<String, Object> doc = appConfigFlagDocument();
    set(doc, "flag.value", false);

    assertThat(readValid(doc).flag().value()).isEqualTo("false");
  }

  @Test
  void givenAnSsmFlagValueThatIsNotABoolean_itShouldBeAccepted() {
    Map<String, Object> doc = validDocument();
    set(doc, "flag.value", "enabled");

    assertThat(readValid(doc).flag().value()).isEqualTo("enabled");
  }

  // --- approvals and approvers -----------------------------------------------------------------------

  @Test
  void givenAWaveThatNeedsApprovalButNoApprovers_itShouldReportTheWavesApproval() {
    Map<String, Object> doc = validDocument();
    remove(doc, "approvers");
    set(doc, "flag.approval", "none");

    assertThat(onlyProblem(doc))
        .isEqualTo(new SpecProblem("waves[1].approval", "is required but approvers lists nobody"));
  }

  @Test
  void givenAFlagThatNeedsApprovalButAnEmptyApproversList_itShouldReportTheFlagsApproval() {
    Map<String, Object> doc = validDocument();
    set(doc, "approvers", list());
    set(doc, "waves[1].approval", "none");

    assertThat(onlyProblem(doc))
        .isEqualTo(new SpecProblem("flag.approval", "is required but approvers lists nobody"));
  }

  @Test
  void givenAnApproverListedTwice_itShouldReportTheSecondMention() {
    Map<String, Object> doc = validDocument();
    set(doc, "approvers", list("alice", "bob", "alice"));

    assertThat(onlyProblem(doc)).isEqualTo(new SpecProblem("approvers[2]", "\"alice\" is listed twice"));
  }

  @Test
  void givenAnApprovalSettingThatIsNeitherRequiredNorNone_itShouldSaySo() {
    Map<String, Object> doc = validDocument();
    set(doc, "waves[0].approval", "maybe");

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo("waves[0].approval");
    assertThat(problem.message()).contains("\"maybe\" is not an approval setting", "required or none");
  }

  // --- policy ----------------------------------------------------------------------------------------

  @Test
  void givenAnOnFailureThatIsNeitherRollbackNorPause_itShouldSaySo() {
    Map<String, Object> doc = validDocument();
    set(doc, "policy.onFailure", "retry");

    assertThat(onlyProblem(doc)).isEqualTo(
        new SpecProblem("policy.onFailure", "\"retry\" is not a failure policy; use rollback or pause"));
  }

  // --- names -----------------------------------------------------------------------------------------

  @ParameterizedTest(name = "alias {0}")
  @ValueSource(strings = {"$LATEST", "7"})
  void givenAVersionInsteadOfAnAlias_itShouldAskForTheAlias(String alias) {
    Map<String, Object> doc = validDocument();
    set(doc, "deploy.lambda.alias", alias);

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo("deploy.lambda.alias");
    assertThat(problem.message()).contains("is a version, not an alias");
  }

  @ParameterizedTest(name = "function {0}")
  @ValueSource(strings = {"arn:aws:lambda:eu-west-1:123456789012:function:payments-api",
      "123456789012:function:payments-api", "payments_api-2"})
  void givenAFunctionNamedByNameOrArnOfTheOnlyRegion_itShouldBeAccepted(String function) {
    Map<String, Object> doc = validDocument();
    set(doc, "waves", list(map("name", "only", "regions", list("eu-west-1"))));
    set(doc, "flag.approval", "none");
    set(doc, "deploy.lambda.function", function);

    assertThat(readValid(doc).deploy().lambda().function()).isEqualTo(function);
  }

  @Test
  void givenAFunctionArnOfOneRegionAndWavesInOthers_itShouldNameTheOtherRegions() {
    Map<String, Object> doc = validDocument();
    set(doc, "deploy.lambda.function", "arn:aws:lambda:us-east-1:123456789012:function:payments-api");

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo("deploy.lambda.function");
    assertThat(problem.message()).contains("is a function in us-east-1, but the waves deploy to eu-west-1, ap-southeast-2")
        .contains("by its name alone (payments-api)");
  }

  @Test
  void givenAFunctionArnOfAnUnknownRegion_itShouldSayItIsNotARegion() {
    Map<String, Object> doc = validDocument();
    set(doc, "deploy.lambda.function", "arn:aws:lambda:eu-west-9:123456789012:function:payments-api");

    assertThat(onlyProblem(doc)).isEqualTo(new SpecProblem("deploy.lambda.function",
        "\"eu-west-9\" in \"arn:aws:lambda:eu-west-9:123456789012:function:payments-api\" is not an AWS region"));
  }

  @Test
  void givenAFunctionWithAVersionOrAlias_itShouldAskForTheAliasInItsOwnField() {
    Map<String, Object> doc = validDocument();
    set(doc, "deploy.lambda.function", "payments-api:live");

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo("deploy.lambda.function");
    assertThat(problem.message()).contains("names a version or alias (live)").contains("deploy.lambda.alias");
  }

  @ParameterizedTest(name = "function {0}")
  @ValueSource(strings = {"payments api", "arn:aws:s3:::payments-api", "payments.api"})
  void givenSomethingThatIsNotAFunctionNameOrArn_itShouldSaySo(String function) {
    Map<String, Object> doc = validDocument();
    set(doc, "deploy.lambda.function", function);

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo("deploy.lambda.function");
    assertThat(problem.message()).contains("is not a Lambda function name or ARN");
  }

  @Test
  void givenTwoWavesWithTheSameName_itShouldReportTheSecond() {
    Map<String, Object> doc = validDocument();
    set(doc, "waves[1].name", "canary-region");

    assertThat(onlyProblem(doc))
        .isEqualTo(new SpecProblem("waves[1].name", "\"canary-region\" names two waves"));
  }

  @Test
  void givenAWaveNamedFlag_itShouldSayTheNameIsTheFlagsGate() {
    Map<String, Object> doc = validDocument();
    set(doc, "waves[0].name", "flag");

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo("waves[0].name");
    assertThat(problem.message()).contains("is the flag's gate");
  }

  @Test
  void givenAnApplicationNameWithSpaces_itShouldSayWhatANameMayContain() {
    Map<String, Object> doc = validDocument();
    set(doc, "application", "payments api");

    SpecProblem problem = onlyProblem(doc);

    assertThat(problem.path()).isEqualTo("application");
    assertThat(problem.message()).contains("\"payments api\" must be 1-64 letters, digits");
  }

  // --- every problem at once -------------------------------------------------------------------------

  @Test
  void givenManyProblems_itShouldReportAllOfThemTogetherEachWithItsPathAndGiveNoSpec() {
    Map<String, Object> doc = validDocument();
    set(doc, "owner", "team-payments");
    remove(doc, "application");
    set(doc, "deploy.canary.weight", 0);
    set(doc, "deploy.canary.duration", "5 minutes");
    set(doc, "waves[0].bake", "-1h");
    set(doc, "waves[1].regions[0]", "eu-west-9");
    set(doc, "waves[1].regions[1]", "us-east-1");
    set(doc, "flag.appconfig",
        map("application", "payments", "environment", "prod", "profile", "flags", "flag", "new-checkout"));
    set(doc, "approvers", list("alice", "alice"));
    set(doc, "policy.onFailure", "retry");
    set(doc, "policy.windows", list("Mon-Fri 09:00-17:00 Europe/Dublin", "Mon-Fri 09:00-17:00 Nowhere/Town"));

    SpecReader.Result result = SpecReader.read(doc);

    assertThat(result.ok()).isFalse();
    assertThat(result.spec()).isNull();
    assertThat(result.problems()).extracting(SpecProblem::path).containsExactlyInAnyOrder(
        "owner",
        "application",
        "deploy.canary.weight",
        "deploy.canary.duration",
        "waves[0].bake",
        "waves[1].regions[0]",
        "waves[1].regions[1]",
        "flag",
        "approvers[1]",
        "policy.onFailure",
        "policy.windows[1]");
    assertThat(result.problems()).anySatisfy(p -> {
      assertThat(p.path()).isEqualTo("waves[1].regions[0]");
      assertThat(p.message()).contains("\"eu-west-9\" is not an AWS region");
    });
    assertThat(result.problems()).anySatisfy(p -> {
      assertThat(p.path()).isEqualTo("waves[1].regions[1]");
      assertThat(p.message()).contains("already deployed at waves[0].regions[0]");
    });
    assertThat(result.problems()).anySatisfy(p -> {
      assertThat(p.path()).isEqualTo("deploy.canary.weight");
      assertThat(p.message()).contains("outside 1..99");
    });
  }

  @Test
  void givenOneProblem_itShouldGiveNoSpec() {
    Map<String, Object> doc = validDocument();
    set(doc, "deploy.canary.weight", 100);

    SpecReader.Result result = SpecReader.read(doc);

    assertThat(result.spec()).isNull();
    assertThat(result.ok()).isFalse();
  }

  // --- problems keep the document's indices even when an item cannot be read -------------------------

  @Test
  void givenAWaveThatIsNotAMapping_itShouldStillReportTheProblemsOfTheWavesAfterItAtTheirOwnIndex() {
    Map<String, Object> doc = validDocument();
    listAt(doc, "waves").add(0, "canary-region");
    set(doc, "waves[2].regions[0]", "eu-west-9");

    SpecReader.Result result = SpecReader.read(doc);

    assertThat(result.problems()).containsExactlyInAnyOrder(
        new SpecProblem("waves[0]", "must be a mapping of keys to values (found \"canary-region\")"),
        new SpecProblem("waves[2].regions[0]", "\"eu-west-9\" is not an AWS region"));
  }

  @Test
  void givenARegionThatIsNotASingleValue_itShouldStillReportTheUnknownRegionAfterItAtItsOwnIndex() {
    Map<String, Object> doc = validDocument();
    set(doc, "waves[1].regions", list(map("code", "eu-west-1"), "eu-west-9"));

    SpecReader.Result result = SpecReader.read(doc);

    assertThat(result.problems()).containsExactlyInAnyOrder(
        new SpecProblem("waves[1].regions[0]", "must be a single value (found a mapping)"),
        new SpecProblem("waves[1].regions[1]", "\"eu-west-9\" is not an AWS region"));
  }

  @Test
  void givenAnApproverThatIsNotASingleValue_itShouldReportALaterDuplicateAtItsOwnIndex() {
    Map<String, Object> doc = validDocument();
    set(doc, "approvers", list(list("carol"), "alice", "alice"));

    SpecReader.Result result = SpecReader.read(doc);

    assertThat(result.problems()).containsExactlyInAnyOrder(
        new SpecProblem("approvers[0]", "must be a single value (found a list)"),
        new SpecProblem("approvers[2]", "\"alice\" is listed twice"));
  }

  @Test
  void givenAWindowThatIsNotASingleValue_itShouldStillReportTheBadWindowAfterIt() {
    Map<String, Object> doc = validDocument();
    set(doc, "policy.windows", list(list("Mon-Fri"), "Mon-Fri 25:00-17:00 UTC"));

    SpecReader.Result result = SpecReader.read(doc);

    assertThat(result.problems()).containsExactlyInAnyOrder(
        new SpecProblem("policy.windows[0]", "must be a single value (found a list)"),
        new SpecProblem("policy.windows[1]", "\"25:00\" is not a time of day"));
  }

  // --- helpers ---------------------------------------------------------------------------------------

  /** A document every test starts from; it reads with no problems. Every map and list in it is mutable. */
  private static Map<String, Object> validDocument() {
    return map(
        "application", "payments",
        "build", map("codebuild", map("project", "payments-build"), "timeout", "30m"),
        "test", map("codebuild", map("project", "payments-integration-tests", "region", "us-east-1"),
            "timeout", "20m"),
        "deploy", map(
            "lambda", map("function", "payments-api", "alias", "live"),
            "canary", map("weight", 10, "duration", "5m")),
        "alarms", list("payments-5xx", "payments-p99-latency"),
        "waves", list(
            map("name", "canary-region", "regions", list("us-east-1"), "bake", "1h"),
            map("name", "rest", "regions", list("eu-west-1", "ap-southeast-2"), "bake", "2h",
                "approval", "required")),
        "flag", map(
            "ssm", map("parameter", "/payments/flags/new-checkout"),
            "region", "us-east-1",
            "approval", "required",
            "bake", "30m"),
        "approvers", list("alice", "bob"),
        "policy", map(
            "onFailure", "pause",
            "approvalTimeout", "48h",
            "pauseTimeout", "4h",
            "windows", list("Mon-Fri 09:00-17:00 Europe/Dublin")));
  }

  /** {@link #validDocument()} with its flag kept in AppConfig rather than SSM. */
  private static Map<String, Object> appConfigFlagDocument() {
    Map<String, Object> doc = validDocument();
    remove(doc, "flag.ssm");
    set(doc, "flag.appconfig",
        map("application", "payments", "environment", "prod", "profile", "flags", "flag", "new-checkout"));
    return doc;
  }

  private static ReleaseSpec readValid(Map<String, Object> doc) {
    SpecReader.Result result = SpecReader.read(doc);
    assertThat(result.problems()).isEmpty();
    assertThat(result.spec()).isNotNull();
    return result.spec();
  }

  /** Reads the document, expecting exactly one problem and no spec. */
  private static SpecProblem onlyProblem(Map<String, Object> doc) {
    SpecReader.Result result = SpecReader.read(doc);
    assertThat(result.spec()).isNull();
    assertThat(result.problems()).hasSize(1);
    return result.problems().get(0);
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static List<Object> list(Object... items) {
    return new ArrayList<>(List.of(items));
  }

  private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

  /** Sets the value at a path such as {@code waves[1].regions[0]}, adding the last key when absent. */
  private static void set(Map<String, Object> doc, String path, Object value) {
    List<Object> steps = steps(path);
    Object parent = walk(doc, steps.subList(0, steps.size() - 1));
    Object last = steps.get(steps.size() - 1);
    if (last instanceof Integer i) {
      asList(parent).set(i, value);
    } else {
      asMap(parent).put((String) last, value);
    }
  }

  /** Removes the key or list item at a path. */
  private static void remove(Map<String, Object> doc, String path) {
    List<Object> steps = steps(path);
    Object parent = walk(doc, steps.subList(0, steps.size() - 1));
    Object last = steps.get(steps.size() - 1);
    if (last instanceof Integer i) {
      asList(parent).remove((int) i);
    } else {
      assertThat(asMap(parent)).containsKey((String) last);
      asMap(parent).remove(last);
    }
  }

  /** The list at a path, to add to. */
  private static List<Object> listAt(Map<String, Object> doc, String path) {
    return asList(walk(doc, steps(path)));
  }

  private static List<Object> steps(String path) {
    List<Object> steps = new ArrayList<>();
    Matcher m = STEP.matcher(path);
    while (m.find()) {
      steps.add(m.group(1) != null ? m.group(1) : (Object) Integer.parseInt(m.group(2)));
    }
    return steps;
  }

  private static Object walk(Object node, List<Object> steps) {
    for (Object step : steps) {
      node = step instanceof Integer i ? asList(node).get(i) : asMap(node).get(step);
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object node) {
    return (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asList(Object node) {
    return (List<Object>) node;
  }
}
