package dev.shepherd.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.shepherd.policy.ApplicationPolicy;
import dev.shepherd.policy.PolicyCheck;
import dev.shepherd.policy.ResourceAllowance;
import dev.shepherd.worker.SpecFiles;
import dev.shepherd.worker.SpecReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReleasePolicyTest {

  private static final Path EXAMPLE = Path.of("../examples/policy.yaml");
  private static final Path RESOURCES = Path.of("src/test/resources/policy");

  /** A small valid policy that needs no allowed-signers file. */
  private static final String MINIMAL = """
      identity:
        accept: [insecure]
      people:
        alice: ["arn:aws:iam::111122223333:user/alice"]
      groups:
        approvers: [bob, carol]
      applications:
        payments:
          start: [alice]
          approve:
            "*": ["group:approvers"]
          minBake: 30m
      """;

  @TempDir Path dir;

  // --- the documented example --------------------------------------------------------------------------

  @Test
  void givenTheDocumentedExample_itShouldLoadHowPeopleProveWhoTheyAre() throws IOException {
    ReleasePolicy policy = ReleasePolicy.load(EXAMPLE);

    assertThat(policy.source()).isEqualTo(EXAMPLE);
    assertThat(policy.acceptedMethods()).containsExactly("ssh", "aws");
    Path signers = policy.allowedSignersFile().orElseThrow();
    assertThat(signers).isAbsolute();
    assertThat(Files.isSameFile(signers, Path.of("../examples/allowed_signers"))).isTrue();
    assertThat(policy.stsEndpoints()).isEmpty();
    assertThat(policy.maxProofAge()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void givenTheDocumentedExample_itShouldExpandGroupsToPeopleForEachApplication() throws IOException {
    ReleasePolicy policy = ReleasePolicy.load(EXAMPLE);

    ApplicationPolicy payments = policy.application("payments").orElseThrow();
    assertThat(payments.application()).isEqualTo("payments");
    assertThat(payments.digest()).isEqualTo(policy.digest()).isEqualTo(sha256(EXAMPLE));
    assertThat(payments.starters()).containsExactly("alice", "bob", "carol");
    assertThat(payments.approversOf("rest")).containsExactly("bob", "carol");
    assertThat(payments.approversOf("flag")).containsExactly("carol");
    assertThat(payments.selfApproval()).isFalse();
    assertThat(payments.minBake()).isEqualTo(Duration.ofMinutes(30));
    assertThat(payments.waveApprovals()).isEqualTo(ApplicationPolicy.AFTER_FIRST);
    assertThat(payments.flagApproval()).isTrue();
    assertThat(payments.resources()).isEqualTo(new ResourceAllowance(
        List.of("arn:aws:lambda:*:111122223333:function:payments-*"), List.of("/payments/"), List.of("payments"),
        List.of("payments-build", "payments-integration-tests"), List.of("arn:aws:sns:*:111122223333:payments-*"),
        List.of("payments-slack")));

    ApplicationPolicy other = policy.application("checkout").orElseThrow();
    assertThat(other.application()).isEqualTo("*");
    // release-managers holds erin and, through payments-approvers, bob and carol.
    assertThat(other.starters()).containsExactly("bob", "carol", "erin");
    assertThat(other.minBake()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void givenNoRequireApproval_everyWaveAfterTheFirstMustHaveAGateAndTheFlagNeedNot() throws IOException {
    ApplicationPolicy payments = ReleasePolicy.load(write(MINIMAL)).application("payments").orElseThrow();
    assertThat(payments.waveApprovals()).isEqualTo(ApplicationPolicy.AFTER_FIRST);
    assertThat(payments.flagApproval()).isFalse();
  }

  @Test
  void givenAnUnreadableRequireApproval_itShouldNameEachFieldAtOnce() throws IOException {
    List<String> problems = problemsOf(MINIMAL.replace("minBake: 30m", """
        minBake: 30m
            requireApproval:
              waves: sometimes
              flag: maybe
              gates: all"""));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("applications.payments.requireApproval.waves: "
            + "must be one of every, after-first, none"))
        .anySatisfy(p -> assertThat(p).startsWith("applications.payments.requireApproval.flag: must be true or false"))
        .anySatisfy(p -> assertThat(p).startsWith("applications.payments.requireApproval.gates: unknown key"));
  }

  @Test
  void givenTheDocumentedExamples_theReleaseExampleShouldKeepToThePolicy() {
    SpecReader.Result spec = SpecFiles.load(Path.of("../examples/release.yaml"));
    ApplicationPolicy payments = ReleasePolicy.load(EXAMPLE).application("payments").orElseThrow();

    assertThat(PolicyCheck.violations(spec.spec(), payments, "111122223333")).isEmpty();
  }

  @Test
  void givenTheDocumentedExample_itShouldMapEachIdentityToItsPerson() {
    ReleasePolicy policy = ReleasePolicy.load(EXAMPLE);

    assertThat(policy.person("arn:aws:iam::111122223333:user/alice")).isEqualTo("alice");
    assertThat(policy.person("bob@laptop")).isEqualTo("bob");
    assertThat(policy.person("alice")).isEqualTo("alice");
    String stranger = "arn:aws:iam::111122223333:user/mallory";
    assertThat(policy.person(stranger)).isEqualTo(stranger);
  }

  @Test
  void givenTheExampleAllowedSignersFile_itShouldHoldOnePublicKeyAndNoPrivateKey() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("../examples/allowed_signers")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();

    assertThat(lines).singleElement().satisfies(line ->
        assertThat(line).matches("alice namespaces=\"shepherd\" ssh-ed25519 AAAA\\S+ shepherd-example-key"));
    assertThat(Files.readString(Path.of("../examples/allowed_signers"))).doesNotContain("PRIVATE KEY")
        .contains("EXAMPLE KEY ONLY");
  }

  // --- people ----------------------------------------------------------------------------------------

  @Test
  void givenAnIdentityListedUnderTwoPeople_itShouldRefuseThePolicyNamingBoth() throws IOException {
    List<String> problems = problemsOf(MINIMAL.replace("people:\n", """
        people:
          bob: ["arn:aws:iam::111122223333:user/alice"]
        """));

    assertThat(problems).containsExactly("people.alice[0]: \"arn:aws:iam::111122223333:user/alice\" is listed for"
        + " both bob (people.bob[0]) and alice; an identity belongs to one person");
  }

  @Test
  void givenAnIdentityThatIsAnotherPersonsName_itShouldRefuseIt() throws IOException {
    List<String> problems = problemsOf(MINIMAL.replace("people:\n", "people:\n  bob: [alice]\n"));

    assertThat(problems).containsExactly(
        "people.bob[0]: \"alice\" is another person's own name (people.alice); a person's name is always theirs");
  }

  @Test
  void givenAPersonsIdentityNamedWhereAPersonIsExpected_itShouldAskForThePerson() throws IOException {
    List<String> problems = problemsOf(MINIMAL.replace("start: [alice]",
        "start: [\"arn:aws:iam::111122223333:user/alice\"]"));

    assertThat(problems).containsExactly("applications.payments.start[0]: \"arn:aws:iam::111122223333:user/alice\""
        + " is one of alice's identities (people.alice[0]); name the person, alice");
  }

  @Test
  void givenAPersonWithoutAPeopleEntry_itShouldBeThemselves() throws IOException {
    ReleasePolicy policy = ReleasePolicy.load(write(MINIMAL));

    assertThat(policy.person("carol")).isEqualTo("carol");
    assertThat(policy.person("arn:aws:iam::111122223333:user/alice")).isEqualTo("alice");
  }

  // --- groups ----------------------------------------------------------------------------------------

  @Test
  void givenGroupsOfGroups_itShouldExpandThemToEachPersonOnceInOrder() {
    ReleasePolicy policy = ReleasePolicy.load(RESOURCES.resolve("fallback.yaml"));

    ApplicationPolicy other = policy.application("anything").orElseThrow();
    assertThat(other.starters()).containsExactly("carol", "dave", "erin");
    assertThat(other.approversOf("rest")).containsExactly("carol", "dave", "erin", "frank");
  }

  @Test
  void givenTwoGroupsThatContainEachOther_itShouldRefuseThePolicyNamingTheCycle() throws IOException {
    List<String> problems = problemsOf(MINIMAL.replace("approvers: [bob, carol]", """
        approvers: [bob, "group:leads"]
          leads: [carol, "group:approvers"]
          loner: [dave, "group:loner"]"""));

    assertThat(problems).containsExactly(
        "groups.approvers: groups form a cycle: approvers -> leads -> approvers; a group may not contain itself",
        "groups.loner: groups form a cycle: loner -> loner; a group may not contain itself");
  }

  @Test
  void givenALongerCycleReachedFromOutside_itShouldReportItOnce() throws IOException {
    List<String> problems = problemsOf(MINIMAL.replace("approvers: [bob, carol]", """
        approvers: [bob, "group:a"]
          a: ["group:b"]
          b: ["group:c"]
          c: ["group:a"]"""));

    assertThat(problems).containsExactly(
        "groups.a: groups form a cycle: a -> b -> c -> a; a group may not contain itself");
  }

  @Test
  void givenAGroupNamedWithoutItsPrefix_itShouldSayHowToNameIt() throws IOException {
    List<String> problems = problemsOf(MINIMAL.replace("start: [alice]", "start: [alice, approvers]"));

    assertThat(problems).containsExactly("applications.payments.start[1]: \"approvers\" is a group; write"
        + " \"group:approvers\"");
  }

  @Test
  void givenAGroupThatIsNotDefined_itShouldNameTheFieldAndTheGroup() throws IOException {
    List<String> problems = problemsOf(MINIMAL.replace("\"*\": [\"group:approvers\"]",
        "\"*\": [\"group:approvers\"]\n      rest: [\"group:sre\"]"));

    assertThat(problems).containsExactly(
        "applications.payments.approve.rest[0]: group \"sre\" is not defined in groups");
  }

  // --- applications ----------------------------------------------------------------------------------

  @Test
  void givenAnApplicationWithoutASectionAndAStarSection_itShouldGetTheStarSection() {
    ReleasePolicy policy = ReleasePolicy.load(RESOURCES.resolve("fallback.yaml"));

    ApplicationPolicy other = policy.application("billing").orElseThrow();
    assertThat(other.application()).isEqualTo("*");
    assertThat(other.selfApproval()).isTrue();
    assertThat(other.minBake()).isEqualTo(Duration.ofHours(2));
    assertThat(other.resources().codeBuildProjects()).containsExactly("sandbox-*");
    assertThat(other.digest()).isEqualTo(policy.digest());
    assertThat(policy.application("payments").orElseThrow().minBake()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void givenAnApplicationWithoutASectionAndNoStarSection_itShouldHaveNoPolicy() throws IOException {
    ReleasePolicy policy = ReleasePolicy.load(write(MINIMAL));

    assertThat(policy.application("billing")).isEmpty();
    assertThat(policy.application(null)).isEmpty();
  }

  @Test
  void givenAnApplicationSectionWithOnlyStart_itShouldAllowNothingElse() throws IOException {
    String onlyStart = MINIMAL.substring(0, MINIMAL.indexOf("    approve:"));
    ApplicationPolicy payments = ReleasePolicy.load(write(onlyStart)).application("payments").orElseThrow();

    assertThat(payments.starters()).containsExactly("alice");
    assertThat(payments.approvers()).isEmpty();
    assertThat(payments.selfApproval()).isFalse();
    assertThat(payments.minBake()).isEqualTo(Duration.ZERO);
    assertThat(payments.resources()).isEqualTo(ResourceAllowance.NONE);
  }

  @Test
  void givenAnEmptyStartList_itShouldLetNobodyStartTheApplication() throws IOException {
    ApplicationPolicy payments = ReleasePolicy.load(write(MINIMAL.replace("start: [alice]", "start: []")))
        .application("payments").orElseThrow();

    assertThat(payments.starters()).isEmpty();
  }

  // --- identity settings -----------------------------------------------------------------------------

  @Test
  void givenSshWithAnAllowedSignersFileNextToThePolicy_itShouldResolveItThere() throws IOException {
    Path signers = Files.writeString(dir.resolve("signers"), "# none yet\n");
    ReleasePolicy policy = ReleasePolicy.load(write(MINIMAL.replace("accept: [insecure]",
        "accept: [ssh, insecure]\n  allowedSigners: signers\n  maxProofAge: 1h")));

    assertThat(policy.allowedSignersFile()).contains(signers.toAbsolutePath());
    assertThat(policy.acceptedMethods()).containsExactly("ssh", "insecure");
    assertThat(policy.maxProofAge()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void givenStsEndpoints_itShouldKeepThemInOrder() throws IOException {
    ReleasePolicy policy = ReleasePolicy.load(write(MINIMAL.replace("accept: [insecure]", """
        accept: [aws]
          stsEndpoints: ["https://sts.eu-west-1.amazonaws.com", "http://localhost:4566"]""")));

    assertThat(policy.stsEndpoints()).containsExactly(URI.create("https://sts.eu-west-1.amazonaws.com"),
        URI.create("http://localhost:4566"));
    assertThat(policy.allowedSignersFile()).isEmpty();
  }

  @Test
  void givenSshWithoutAllowedSigners_itShouldSayItIsRequired() throws IOException {
    List<String> problems = problemsOf(MINIMAL.replace("accept: [insecure]", "accept: [ssh]"));

    assertThat(problems).containsExactly("identity.allowedSigners: required when accept includes ssh (the"
        + " ssh-keygen allowed-signers file, relative to the policy file)");
  }

  @Test
  void givenAnAllowedSignersFileThatDoesNotExist_itShouldNameWhereItWasLookedFor() throws IOException {
    List<String> problems = problemsOf(MINIMAL.replace("accept: [insecure]",
        "accept: [ssh]\n  allowedSigners: missing_signers"));

    assertThat(problems).containsExactly("identity.allowedSigners: " + dir.toAbsolutePath().resolve("missing_signers")
        + ": file not found");
  }

  @Test
  void givenAnAllowedSignersDirectory_itShouldRefuseIt() throws IOException {
    Files.createDirectory(dir.resolve("keys"));
    List<String> problems = problemsOf(MINIMAL.replace("accept: [insecure]", "accept: [ssh]\n  allowedSigners: keys"));

    assertThat(problems).containsExactly("identity.allowedSigners: " + dir.toAbsolutePath().resolve("keys")
        + ": is a directory, not an allowed-signers file");
  }

  @Test
  void givenSettingsForAMethodNotAccepted_itShouldSayTheyWouldBeIgnored() throws IOException {
    Files.writeString(dir.resolve("signers"), "");
    List<String> problems = problemsOf(MINIMAL.replace("accept: [insecure]", """
        accept: [insecure]
          allowedSigners: signers
          stsEndpoints: ["https://sts.amazonaws.com"]"""));

    assertThat(problems).containsExactly(
        "identity.allowedSigners: is set but identity.accept does not include ssh; remove it or accept ssh",
        "identity.stsEndpoints: lists endpoints but identity.accept does not include aws; remove them or accept aws");
  }

  @Test
  void givenUnusableStsEndpoints_itShouldSayWhatIsWrongWithEach() throws IOException {
    List<String> problems = problemsOf(MINIMAL.replace("accept: [insecure]", """
        accept: [aws]
          stsEndpoints:
            ["http://sts.example.com", "sts.amazonaws.com", "https://sts.amazonaws.com/?a=b", "ht tp://x"]"""));

    assertThat(problems).containsExactly(
        "identity.stsEndpoints[0]: \"http://sts.example.com\" is plain http; an STS answer vouches for who someone"
            + " is, so only https is trusted (http only on localhost, for tests)",
        "identity.stsEndpoints[1]: \"sts.amazonaws.com\" is not an https URL with a host (e.g."
            + " https://sts.eu-west-1.amazonaws.com)",
        "identity.stsEndpoints[2]: \"https://sts.amazonaws.com/?a=b\" must not carry user info, a query or a"
            + " fragment; give the endpoint alone",
        "identity.stsEndpoints[3]: \"ht tp://x\" is not a URL (e.g. https://sts.eu-west-1.amazonaws.com)");
  }

  @Test
  void givenAnUnknownOrRepeatedMethod_itShouldNameItsPlaceInTheList() throws IOException {
    List<String> problems = problemsOf(MINIMAL.replace("accept: [insecure]", "accept: [insecure, kerberos, insecure]"));

    assertThat(problems).containsExactly("identity.accept[1]: \"kerberos\" is not one of ssh, aws, insecure",
        "identity.accept[2]: \"insecure\" is listed twice");
  }

  @Test
  void givenNoMethodAccepted_itShouldSayNobodyCouldProveWhoTheyAre() throws IOException {
    assertThat(problemsOf(MINIMAL.replace("accept: [insecure]", "accept: []"))).containsExactly(
        "identity.accept: lists no method, so nobody could prove who they are; list one or more of ssh, aws,"
            + " insecure");
  }

  @ParameterizedTest(name = "maxProofAge: {0}")
  @ValueSource(strings = {"61m", "2h", "0", "0s", "-5m"})
  void givenAMaxProofAgeOutsideZeroToAnHour_itShouldRefuseIt(String age) throws IOException {
    List<String> problems = problemsOf(MINIMAL.replace("accept: [insecure]",
        "accept: [insecure]\n  maxProofAge: \"" + age + "\""));

    assertThat(problems).singleElement().asString().startsWith("identity.maxProofAge: ")
        .containsAnyOf("is longer than the maximum of 1h", "must be longer than zero");
  }

  // --- each kind of problem --------------------------------------------------------------------------

  @Test
  void givenABakeThatIsNotADuration_itShouldNameTheFieldAndGiveExamples() throws IOException {
    assertThat(problemsOf(MINIMAL.replace("minBake: 30m", "minBake: 3x"))).containsExactly(
        "applications.payments.minBake: \"3x\" is not a duration (e.g. 30m, 1h)");
  }

  @Test
  void givenAMinimumBakeNoSpecCouldMeet_itShouldRefuseIt() throws IOException {
    assertThat(problemsOf(MINIMAL.replace("minBake: 30m", "minBake: 31d"))).containsExactly(
        "applications.payments.minBake: 31d is longer than the longest bake a spec may have (30d), so no"
            + " release could meet it");
    assertThat(problemsOf(MINIMAL.replace("minBake: 30m", "minBake: \"-1m\""))).containsExactly(
        "applications.payments.minBake: -1m is negative; give zero or more");
  }

  @Test
  void givenUnknownKeys_itShouldNameEachAndWhatWasExpected() throws IOException {
    List<String> problems = problemsOf(MINIMAL.replace("minBake: 30m", "minbake: 30m\n    owner: alice")
        + "version: 2\n");

    assertThat(problems).containsExactly(
        "version: unknown key; expected one of identity, people, groups, applications",
        "applications.payments.minbake: unknown key; did you mean minBake? expected one of start, approve,"
            + " selfApproval, minBake, requireApproval, resources",
        "applications.payments.owner: unknown key; expected one of start, approve, selfApproval, minBake,"
            + " requireApproval, resources");
  }

  @Test
  void givenValuesOfTheWrongType_itShouldSayWhatWasExpectedAndFound() throws IOException {
    List<String> problems = problemsOf("""
        identity:
          accept: insecure
        people: [alice]
        groups:
          approvers: [bob, 7]
        applications:
          payments:
            start: [alice]
            selfApproval: "no"
            approve: ["group:approvers"]
            minBake: [30m]
        """);

    assertThat(problems).containsExactly(
        "identity.accept: must be a list (found \"insecure\")",
        "people: must be a mapping (found a list)",
        "groups.approvers[1]: must be text (found the number 7)",
        "applications.payments.approve: must be a mapping (found a list)",
        "applications.payments.selfApproval: must be true or false (found \"no\")",
        "applications.payments.minBake: must be a duration such as 30m or 1h (found a list)");
  }

  @Test
  void givenMissingSections_itShouldSayWhichAreRequired() throws IOException {
    assertThat(problemsOf("people: {}\n")).containsExactly(
        "identity: is required (identity.accept says how people prove who they are: ssh, aws, insecure)",
        "applications: is required; it says who may release which application");
    assertThat(problemsOf("identity: {}\napplications: {}\n")).containsExactly(
        "identity.accept: is required; list how people prove who they are: ssh, aws, insecure",
        "applications: lists no application, so nothing could be released");
    assertThat(problemsOf(MINIMAL.replace("start: [alice]", "selfApproval: false"))).containsExactly(
        "applications.payments.start: is required: who may start a release (an empty list lets nobody)");
  }

  @Test
  void givenNamesThatCannotBeNames_itShouldRefuseEach() throws IOException {
    List<String> problems = problemsOf(MINIMAL
        .replace("start: [alice]", "start: [\"*\", \"al ice\", \"group:\"]")
        .replace("\"*\": [\"group:approvers\"]", "\"*\": [\"group:approvers\"]\n      \"wave one\": [bob]")
        + "  \"pay ments\":\n    start: [alice]\n");

    assertThat(problems).containsExactly(
        "applications.payments.start[0]: \"*\" is not a person; name people, or groups as group:NAME",
        "applications.payments.start[1]: \"al ice\" is not a person's name: it contains whitespace",
        "applications.payments.start[2]: \"group:\" names no group; write group:NAME",
        "applications.payments.approve.\"wave one\": \"wave one\" is not a gate name (a wave's name, flag, or \"*\""
            + " for every gate without its own entry)",
        "applications.\"pay ments\": \"pay ments\" is not an application name (1-64 letters, digits, '.', '_' or"
            + " '-', starting with a letter or digit) nor \"*\" for every other application");
  }

  @Test
  void givenResourcePatternsThatCouldNeverMatch_itShouldSayWhy() throws IOException {
    List<String> problems = problemsOf(MINIMAL + """
            resources:
              functions: ["111122223333:function:payments-*", ""]
              ssmParameters: ["/payments/*"]
              codeBuildProjects: [payments-build, "payments build"]
        """);

    assertThat(problems).containsExactly(
        "applications.payments.resources.functions[0]: \"111122223333:function:payments-*\" does not begin arn:,"
            + " so it is matched against the function's name, which has no ':'; write the whole ARN"
            + " (arn:aws:lambda:<region>:<account>:function:<name>)",
        "applications.payments.resources.functions[1]: must not be empty",
        "applications.payments.resources.ssmParameters[0]: \"/payments/*\" is a prefix, not a pattern: '*' matches"
            + " only itself; write the path the parameters are under, e.g. /payments/",
        "applications.payments.resources.codeBuildProjects[1]: \"payments build\" contains whitespace, which no AWS"
            + " resource name has");
  }

  // --- every problem at once -------------------------------------------------------------------------

  @Test
  void givenAPolicyWithManyMistakes_itShouldListEveryProblemAtOnce() {
    Path file = RESOURCES.resolve("every-problem.yaml");

    assertThatThrownBy(() -> ReleasePolicy.load(file))
        .isInstanceOfSatisfying(PolicyException.class, e -> {
          assertThat(e.source()).isEqualTo(file);
          assertThat(e.problems()).containsExactly(
              "identity.accept[1]: \"kerberos\" is not one of ssh, aws, insecure",
              "identity.allowedSigners: required when accept includes ssh (the ssh-keygen allowed-signers file,"
                  + " relative to the policy file)",
              "identity.maxProofAge: 2h is longer than the maximum of 1h",
              "people.bob[0]: \"arn:aws:iam::111122223333:user/shared\" is listed for both alice"
                  + " (people.alice[0]) and bob; an identity belongs to one person",
              "groups.approvers[1]: group \"sre\" is not defined in groups",
              "applications.payments.start: must be a list (found \"alice\")",
              "applications.payments.approve.rest[0]: group \"sre\" is not defined in groups",
              "applications.payments.selfApproval: must be true or false (found \"no\")",
              "applications.payments.minBake: \"3x\" is not a duration (e.g. 30m, 1h)",
              "applications.payments.resources.lambdas: unknown key; expected one of functions, ssmParameters,"
                  + " appConfigApplications, codeBuildProjects, snsTopics, webhooks",
              "applications.billing.owner: unknown key; expected one of start, approve, selfApproval, minBake,"
                  + " requireApproval, resources",
              "applications.billing.start: is required: who may start a release (an empty list lets nobody)");
          assertThat(e.getMessage()).startsWith("release policy " + file + " cannot be used (12 problems):\n  ");
          assertThat(e.getMessage().lines().skip(1)).allSatisfy(line -> assertThat(line).startsWith("  "))
              .hasSize(12);
        });
  }

  // --- files that cannot be read ---------------------------------------------------------------------

  @Test
  void givenNoFile_itShouldSaySo() {
    Path missing = dir.resolve("nope.yaml");

    assertThat(problemsOfFile(missing)).containsExactly(missing + ": file not found");
  }

  @Test
  void givenADirectory_itShouldSaySo() {
    assertThat(problemsOfFile(dir)).containsExactly(dir + ": is a directory, not a policy file");
  }

  @Test
  void givenANamedPipe_itShouldRefuseItWithoutWaitingForAWriter() throws Exception {
    Path fifo = dir.resolve("policy.yaml");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();

    List<String> problems = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> problemsOfFile(fifo));

    assertThat(problems).containsExactly(
        fifo + ": is not a regular file (a pipe, a device or a socket); give a policy file");
  }

  @Test
  void givenAFileOverOneMebibyte_itShouldRefuseItNamingTheLimit() throws IOException {
    Path big = write(MINIMAL + ("# " + "x".repeat(98) + "\n").repeat(11_000));

    assertThat(problemsOfFile(big)).containsExactly(
        big + ": is " + Files.size(big) + " bytes; a release policy may be at most 1 MiB (1048576 bytes)");
  }

  @Test
  void givenAFileThatIsNotUtf8_itShouldSaySo() throws IOException {
    Path file = Files.write(dir.resolve("latin1.yaml"),
        MINIMAL.replace("bob", "b\u00f6b").getBytes(StandardCharsets.ISO_8859_1));

    assertThat(problemsOfFile(file)).containsExactly(file + ": is not UTF-8 text");
  }

  @Test
  void givenAYamlSyntaxError_itShouldNameTheLineAndColumnOnOneLine() throws IOException {
    Path file = write("""
        identity:
          accept: [insecure
        applications: {}
        """);

    assertThat(problemsOfFile(file)).singleElement().asString()
        .startsWith(file + ":3:")
        .contains(": not valid YAML: ")
        .doesNotContain("\n");
  }

  @Test
  void givenADuplicateKey_itShouldReportItWithItsLine() throws IOException {
    Path file = write(MINIMAL + "identity:\n  accept: [ssh]\n");

    assertThat(problemsOfFile(file)).singleElement().asString()
        .startsWith(file + ":" + (MINIMAL.lines().count() + 1) + ":")
        .contains("Duplicate field 'identity'");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "\n", "# nothing yet\n", "---\n", "~\n"})
  void givenAnEmptyFile_itShouldSaySo(String text) throws IOException {
    Path file = write(text);

    assertThat(problemsOfFile(file)).containsExactly(file + ": is empty");
  }

  @Test
  void givenADocumentThatIsNotAMapping_itShouldSaySo() throws IOException {
    Path file = write("- identity\n- applications\n");

    assertThat(problemsOfFile(file)).containsExactly(
        file + ": must be a mapping of identity, people, groups and applications (found a list)");
  }

  @Test
  void givenTwoYamlDocuments_itShouldRefuseTheSecondRatherThanIgnoreIt() throws IOException {
    Path file = write(MINIMAL + "---\n" + MINIMAL.replace("minBake: 30m", "minBake: 0"));

    assertThat(problemsOfFile(file)).singleElement().asString()
        .startsWith(file + ":")
        .endsWith(": holds more than one YAML document; a policy is one");
  }

  // --- digest ----------------------------------------------------------------------------------------

  @Test
  void givenTheSameBytes_itShouldGiveTheSameDigest_andAnyChangedByteAnother() throws IOException {
    Path one = write(MINIMAL);
    Path same = Files.writeString(dir.resolve("same.yaml"), MINIMAL);
    // One byte different, in a comment: the policy means the same, but it is not the same file.
    Path changed = Files.writeString(dir.resolve("changed.yaml"), MINIMAL + "# a\n");
    Path changedByOneByte = Files.writeString(dir.resolve("changed2.yaml"), MINIMAL + "# b\n");

    String digest = ReleasePolicy.load(one).digest();

    assertThat(digest).matches("sha256:[0-9a-f]{64}").isEqualTo(sha256(one));
    assertThat(ReleasePolicy.load(same).digest()).isEqualTo(digest);
    assertThat(ReleasePolicy.load(changed).digest()).isNotEqualTo(digest);
    assertThat(ReleasePolicy.load(changedByOneByte).digest()).isNotEqualTo(ReleasePolicy.load(changed).digest());
  }

  // --- helpers ---------------------------------------------------------------------------------------

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("policy.yaml"), text);
  }

  private List<String> problemsOf(String yaml) throws IOException {
    return problemsOfFile(write(yaml));
  }

  private static List<String> problemsOfFile(Path file) {
    try {
      ReleasePolicy.load(file);
    } catch (PolicyException e) {
      assertThat(e.getMessage()).contains(e.problems());
      return e.problems();
    }
    throw new AssertionError("expected " + file + " to be refused");
  }

  private static String sha256(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
