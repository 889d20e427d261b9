package dev.shepherd.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.shepherd.spec.AnalysisSignal;
import dev.shepherd.spec.AnalysisSpec;
import dev.shepherd.spec.Approval;
import dev.shepherd.spec.ErrorRateSignal;
import dev.shepherd.spec.OnFailure;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.SpecProblem;
import dev.shepherd.spec.WaveSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecFilesTest {

  private static final String VALID_YAML = """
      application: payments
      build:
        codebuild: { project: payments-build }
      deploy:
        lambda: { function: payments-api, alias: live }
        canary: { weight: 10, duration: 5m }
      waves:
        - name: canary-region
          regions: [ us-east-1 ]
        - name: rest
          regions: [ eu-west-1, ap-southeast-2 ]
      """;

  private static final String VALID_JSON = """
      {
        "application": "payments",
        "build": { "codebuild": { "project": "payments-build" }, "timeout": "30m" },
        "deploy": {
          "lambda": { "function": "payments-api", "alias": "live" },
          "canary": { "weight": 10, "duration": "5m" }
        },
        "waves": [
          { "name": "canary-region", "regions": ["us-east-1"], "bake": "1h" },
          { "name": "rest", "regions": ["eu-west-1", "ap-southeast-2"], "approval": "required" }
        ],
        "approvers": ["alice"],
        "policy": { "onFailure": "pause" }
      }
      """;

  @TempDir Path dir;

  // --- the examples ----------------------------------------------------------------------------------

  @Test
  void givenTheReleaseExample_itShouldLoadWithNoProblems() {
    SpecReader.Result result = SpecFiles.load(Path.of("../examples/release.yaml"));

    assertThat(result.problems()).isEmpty();
    ReleaseSpec spec = result.spec();
    assertThat(spec.application()).isEqualTo("payments");
    assertThat(spec.waves()).extracting(WaveSpec::name).containsExactly("canary-region", "rest");
    assertThat(spec.deploy().canary().duration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(spec.policy().windows()).containsExactly("Mon-Fri 09:00-17:00 Europe/Dublin");
    assertThat(spec.gateNames()).containsExactly("rest", "flag");
  }

  @Test
  void givenTheReleaseExample_itShouldReadItsCanaryAnalysisAsTheCommentsSay() {
    ReleaseSpec spec = SpecFiles.load(Path.of("../examples/release.yaml")).spec();

    AnalysisSpec root = spec.analysis();
    assertThat(root.interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(root.minRequests()).isEqualTo(100);
    assertThat(root.maxExtensions()).isEqualTo(3);
    assertThat(root.onFail(spec.policy())).isEqualTo(OnFailure.ROLLBACK);
    assertThat(root.signals()).extracting(AnalysisSignal::key).containsExactly("error rate", "latency p99",
        "Payments/DeclineRate Average", "checkout success");
    assertThat(root.signals().get(0).errorRate()).isEqualTo(new ErrorRateSignal(0.01, 0.05, 0.95));
    assertThat(root.signals().get(1).latency().maxAbsolute()).isEqualTo(Duration.ofMillis(800));
    assertThat(root.signals().get(3).metric().metrics()).containsOnlyKeys("done", "started");
    assertThat(spec.analysisFor(spec.waves().get(0))).isSameAs(root);
    AnalysisSpec rest = spec.analysisFor(spec.waves().get(1));
    assertThat(rest.minRequests()).isEqualTo(500);
    assertThat(rest.signals().get(0).errorRate().maxIncrease()).isEqualTo(0.005);
  }

  @Test
  void givenTheDemoExample_itShouldLoadWithNoProblemsAndSecondScaleTimings() {
    SpecReader.Result result = SpecFiles.load(Path.of("../examples/demo.yaml"));

    assertThat(result.problems()).isEmpty();
    ReleaseSpec spec = result.spec();
    assertThat(spec.deploy().canary().duration()).isEqualTo(Duration.ofSeconds(4));
    assertThat(spec.waves()).extracting(WaveSpec::bake).containsOnly(Duration.ofSeconds(5));
    assertThat(spec.analysis().interval()).as("judged on whole seconds of simulated traffic").isEqualTo(Duration.ofSeconds(1));
    assertThat(spec.analysis().minRequests()).isEqualTo(200);
    assertThat(spec.policy().windows()).isEmpty();
    assertThat(spec.flag().value()).isEqualTo("true");
  }

  // --- YAML and JSON ---------------------------------------------------------------------------------

  @Test
  void givenAYamlFile_itShouldLoadTheSpec() throws IOException {
    Path file = write("release.yaml", VALID_YAML);

    SpecReader.Result result = SpecFiles.load(file);

    assertThat(result.problems()).isEmpty();
    assertThat(result.spec().allRegions())
        .containsExactly(Region.of("us-east-1"), Region.of("eu-west-1"), Region.of("ap-southeast-2"));
  }

  @Test
  void givenAJsonFile_itShouldLoadTheSpec() throws IOException {
    Path file = write("release.json", VALID_JSON);

    SpecReader.Result result = SpecFiles.load(file);

    assertThat(result.problems()).isEmpty();
    ReleaseSpec spec = result.spec();
    assertThat(spec.build().timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(spec.deploy().canary().weight().percent()).isEqualTo(10);
    assertThat(spec.waves().get(0).bake()).isEqualTo(Duration.ofHours(1));
    assertThat(spec.waves().get(1).approval()).isEqualTo(Approval.REQUIRED);
    assertThat(spec.policy().onFailure()).isEqualTo(OnFailure.PAUSE);
  }

  @Test
  void givenAJsonFileIndentedWithTabs_itShouldLoadTheSpec() throws IOException {
    Path file = write("release.json", VALID_JSON.replace("  ", "\t"));

    SpecReader.Result result = SpecFiles.load(file);

    assertThat(result.problems()).isEmpty();
    assertThat(result.spec().application()).isEqualTo("payments");
  }

  @Test
  void givenAYamlDocumentWrittenAsOneFlowMapping_itShouldLoadTheSpec() {
    String text = "{ application: payments, build: { codebuild: { project: b } },"
        + " deploy: { lambda: { function: f, alias: live } }, waves: [ { name: all, regions: [ eu-west-1 ] } ] }";

    SpecReader.Result result = SpecFiles.parse(text, "flow.yaml");

    assertThat(result.problems()).isEmpty();
    assertThat(result.spec().deploy().lambda().function()).isEqualTo("f");
  }

  // --- files and documents that cannot be read -------------------------------------------------------

  @Test
  void givenAYamlSyntaxError_itShouldNameTheFileLineAndColumnOfTheError() throws IOException {
    Path file = write("release.yaml", """
        application: payments
        build:
          codebuild: { project: payments-build }
          timeout: : 30m
        """);

    SpecReader.Result result = SpecFiles.load(file);

    assertThat(result.spec()).isNull();
    assertThat(result.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo(file + ":4:12");
      assertThat(p.message()).startsWith("not valid YAML or JSON: mapping values are not allowed here");
    });
  }

  @Test
  void givenYamlIndentedWithATab_itShouldPointAtTheTab() {
    SpecReader.Result result = SpecFiles.parse("application: payments\nbuild:\n\tcodebuild: x\n", "spec.yaml");

    assertThat(result.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("spec.yaml:3:1");
      assertThat(p.message()).contains("TAB");
    });
  }

  @Test
  void givenAnUnclosedList_itShouldReportTheSourceWithALineAndColumn() {
    SpecReader.Result result = SpecFiles.parse("application: payments\nalarms: [ payments-5xx\n", "spec.yaml");

    assertThat(result.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).matches("spec\\.yaml:\\d+:\\d+");
      assertThat(p.message()).startsWith("not valid YAML or JSON");
    });
  }

  @Test
  void givenAFileThatDoesNotExist_itShouldSayFileNotFound() {
    Path missing = dir.resolve("nope.yaml");

    SpecReader.Result result = SpecFiles.load(missing);

    assertThat(result.spec()).isNull();
    assertThat(result.problems()).containsExactly(new SpecProblem(missing.toString(), "file not found"));
  }

  @Test
  void givenMalformedYaml_itShouldBeOneProblemOnOneLineAtWhereTheParserStopped() {
    // SnakeYAML's own message: eight lines, the flow sequence's start and the end of the stream, with carets.
    SpecReader.Result result = SpecFiles.parse("application: payments\nalarms: [ payments-5xx\n", "spec.yaml");

    assertThat(result.problems()).singleElement().satisfies(p -> {
      assertThat(p.toString()).isEqualTo("spec.yaml:3:1: not valid YAML or JSON: expected ',' or ']', but got "
          + "<stream end> (while parsing a flow sequence begun at 2:9)");
    });
  }

  @Test
  void givenMalformedJson_itShouldBeOneLineAtTheOffendingCharacter() {
    SpecReader.Result result = SpecFiles.parse("{\"application\": \"payments\",\n \"alarms\": [\"a\", \"b\"}\n", "spec.json");

    assertThat(result.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("spec.json:2:21");
      assertThat(p.message()).doesNotContain("\n").startsWith("not valid YAML or JSON: expected ',' or ']', but got }");
    });
  }

  @Test
  @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void givenAFileOverOneMebibyte_itShouldRefuseItNamingTheLimitWithoutParsingIt() throws IOException {
    // Valid YAML all the way, so only the size can be the problem.
    Path big = write("big.yaml", VALID_YAML + ("# " + "x".repeat(98) + "\n").repeat(20_000));
    assertThat(Files.size(big)).isGreaterThan(2_000_000);

    SpecReader.Result result = SpecFiles.load(big);

    assertThat(result.problems()).containsExactly(new SpecProblem(big.toString(),
        "is " + Files.size(big) + " bytes; a release spec may be at most 1 MiB (1048576 bytes)"));
  }

  @Test
  void givenAFileOfExactlyOneMebibyte_itShouldReadIt() throws IOException {
    String padding = "#".repeat(SpecFiles.MAX_BYTES - VALID_YAML.length() - 1) + "\n";
    Path file = write("padded.yaml", VALID_YAML + padding);
    assertThat(Files.size(file)).isEqualTo(SpecFiles.MAX_BYTES);

    assertThat(SpecFiles.load(file).problems()).isEmpty();
  }

  @Test
  @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void givenADirectoryInsteadOfAFile_itShouldSaySo() {
    SpecReader.Result result = SpecFiles.load(dir);

    assertThat(result.problems()).containsExactly(new SpecProblem(dir.toString(), "is a directory, not a spec file"));
  }

  @Test
  void givenANamedPipe_itShouldRefuseItWithoutWaitingForAWriter() throws Exception {
    Path fifo = dir.resolve("spec.yaml");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();

    // Opening a FIFO blocks until something writes to it: the refusal must come before any open.
    SpecReader.Result result = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> SpecFiles.load(fifo));

    assertThat(result.problems()).containsExactly(new SpecProblem(fifo.toString(),
        "is not a regular file (a pipe, a device or a socket); give a spec file"));
  }

  @Test
  void givenADeviceThatNeverEnds_itShouldRefuseItAtOnce() {
    SpecReader.Result result = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> SpecFiles.load(Path.of("/dev/zero")));

    assertThat(result.problems()).singleElement().satisfies(p ->
        assertThat(p.message()).startsWith("is not a regular file"));
  }

  @Test
  void givenAFileThatIsNotUtf8_itShouldSaySo() throws IOException {
    Path file = Files.write(dir.resolve("latin1.yaml"), "application: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThat(SpecFiles.load(file).problems()).containsExactly(new SpecProblem(file.toString(), "is not UTF-8 text"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "\n\n", "# nothing here yet\n", "---\n", "~\n", "null\n"})
  void givenAnEmptyDocument_itShouldSayTheFileIsEmpty(String text) throws IOException {
    Path file = write("empty.yaml", text);

    SpecReader.Result result = SpecFiles.load(file);

    assertThat(result.spec()).isNull();
    assertThat(result.problems()).containsExactly(new SpecProblem(file.toString(), "is empty"));
  }

  @Test
  void givenADuplicateKey_itShouldReportItRatherThanKeepTheLastValue() throws IOException {
    Path file = write("release.yaml", VALID_YAML + "application: billing\n");

    SpecReader.Result result = SpecFiles.load(file);

    assertThat(result.spec()).isNull();
    assertThat(result.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).startsWith(file + ":" + (VALID_YAML.lines().count() + 1) + ":");
      assertThat(p.message()).contains("Duplicate field 'application'");
    });
  }

  @Test
  void givenADuplicateKeyInJson_itShouldReportIt() {
    SpecReader.Result result =
        SpecFiles.parse(VALID_JSON.replace("\"application\": \"payments\",",
            "\"application\": \"payments\", \"application\": \"billing\","), "release.json");

    assertThat(result.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).startsWith("release.json:2:");
      assertThat(p.message()).contains("Duplicate field 'application'");
    });
  }

  @Test
  void givenADocumentThatIsAList_itShouldSayItMustBeAMapping() {
    SpecReader.Result result = SpecFiles.parse("- application: payments\n", "spec.yaml");

    assertThat(result.problems())
        .containsExactly(new SpecProblem("(document)", "must be a mapping of keys to values (found a list)"));
  }

  // --- problems in the spec itself -------------------------------------------------------------------

  @Test
  void givenAMisspelledKeyInYaml_itShouldReportItAtItsFieldPath() throws IOException {
    Path file = write("release.yaml", VALID_YAML.replace("weight: 10", "wieght: 10"));

    SpecReader.Result result = SpecFiles.load(file);

    assertThat(result.spec()).isNull();
    assertThat(result.problems()).containsExactlyInAnyOrder(
        new SpecProblem("deploy.canary.wieght", "unknown key (expected one of: weight, duration)"),
        new SpecProblem("deploy.canary.weight", "is required"));
  }

  @Test
  void givenSeveralMistakesInYaml_itShouldReportThemAllAtOnce() throws IOException {
    Path file = write("release.yaml", VALID_YAML
        .replace("weight: 10", "weight: 100")
        .replace("eu-west-1", "eu-west-9")
        .replace("duration: 5m", "duration: 5 minutes"));

    SpecReader.Result result = SpecFiles.load(file);

    assertThat(result.problems()).extracting(SpecProblem::path)
        .containsExactlyInAnyOrder("deploy.canary.weight", "deploy.canary.duration", "waves[1].regions[0]");
  }

  @Test
  void givenAYamlNumberWithoutAUnitForADuration_itShouldAskForAUnit() {
    SpecReader.Result result = SpecFiles.parse(VALID_YAML.replace("duration: 5m", "duration: 5"), "spec.yaml");

    assertThat(result.problems())
        .containsExactly(new SpecProblem("deploy.canary.duration", "\"5\" has no unit; write e.g. 5s, 5m or 5h"));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
