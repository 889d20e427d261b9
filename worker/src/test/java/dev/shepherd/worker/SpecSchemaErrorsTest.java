package dev.shepherd.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.spec.SpecProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each kind of finding of schema/release.schema.json's validator, put in the words specs have always used,
 * at the path of its field: the spec's one problem.
 */
class SpecSchemaErrorsTest {

  private static final String SPEC = """
      application: payments
      build: { codebuild: { project: payments-build } }
      deploy: { lambda: { function: payments-api, alias: live }, canary: { weight: 10, duration: 5m } }
      waves: [ { name: all, regions: [ us-east-1 ] } ]
      analysis: { signals: [ { errorRate: { maxIncrease: 1% } } ] }
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      type: a mapping expected        | build: { codebuild: { project: payments-build } } | build: payments-build                         | build: must be a mapping of keys to values (found "payments-build")
      type: a list expected           | regions: [ us-east-1 ]                            | regions: us-east-1                            | waves[0].regions: must be a list (found "us-east-1")
      type: a single value expected   | regions: [ us-east-1 ]                            | regions: [ [ us-east-1 ] ]                    | waves[0].regions[0]: must be a single value (found a list)
      type: an item with no value     | [ { name: all, regions: [ us-east-1 ] } ]         | [ ~ ]                                         | waves[0]: must be a mapping of keys to values (found nothing)
      required                        | `, alias: live`                                   | ``                                            | deploy.lambda.alias: is required
      required: a key with no value   | alias: live                                       | alias: ~                                      | deploy.lambda.alias: is required
      additionalProperties            | `build: { codebuild: { project: payments-build } }` | `build: { codebuild: { project: payments-build }, retries: 3 }` | build.retries: unknown key (expected one of: codebuild, timeout)
      pattern: blank text             | application: payments                             | application: "  "                             | application: must not be empty
      minItems: waves                 | [ { name: all, regions: [ us-east-1 ] } ]         | [ ]                                           | waves: must list at least one wave
      minItems: a wave's regions      | regions: [ us-east-1 ]                            | regions: [ ]                                  | waves[0].regions: must list at least one region
      minItems: during                | `{ signals:`                                      | `{ during: [ ], signals:`                     | analysis.during: must list canary, bake or both
      minItems: signals               | `[ { errorRate: { maxIncrease: 1% } } ]`          | [ ]                                           | analysis.signals: must list at least one signal (errorRate, latency or metric)
      minProperties: a signal         | `{ errorRate: { maxIncrease: 1% } }`              | { }                                           | analysis.signals[0]: names no signal; give one of errorRate, latency or metric
      not: two signals in one item    | `{ errorRate: { maxIncrease: 1% } }`              | `{ errorRate: { maxIncrease: 1% }, latency: { } }` | analysis.signals[0]: names 2 signals; give each its own list item (- errorRate: ..., - latency: ...)
      null: a dimension with no value | `{ errorRate: { maxIncrease: 1% } }`              | `{ metric: { namespace: P, name: N, dimensions: { Version: "${version}", Service: ~ } } }` | analysis.signals[0].metric.dimensions.Service: is required
      """)
  void givenASpecThatBreaksItsSchema_itShouldSayWhatIsWrongAtTheField(String kind, String replaced, String by,
      String expected) {
    String text = SPEC.replace(replaced, by);
    assertThat(text).as("the case changes the spec").isNotEqualTo(SPEC);

    SpecReader.Result result = SpecFiles.parse(text, "spec.yaml");

    assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(expected);
    assertThat(result.spec()).isNull();
  }

  @Test
  void givenAMisspeltKey_itShouldNameTheKnownKeyItIsOneEditFrom() {
    SpecReader.Result result = SpecFiles.parse(SPEC + "aprovers: [ alice ]\n", "spec.yaml");

    assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly("aprovers: unknown key (expected"
        + " one of: application, build, test, deploy, alarms, waves, flag, approvers, policy, analysis, hooks,"
        + " notifications); did you mean approvers?");
  }

  @Test
  void givenAMisspeltKeyInASection_itShouldNameTheKnownKeyOfThatSection() {
    SpecReader.Result result = SpecFiles.parse(SPEC.replace("project:", "projct:"), "spec.yaml");

    assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(
        "build.codebuild.projct: unknown key (expected one of: project, region); did you mean project?",
        "build.codebuild.project: is required");
  }

  @Test
  void givenSeveralProblems_itShouldReportThemFieldByFieldInTheSchemasOrder_thenTheRulesBetweenFields() {
    String text = "owner: team-payments\n" + SPEC.replace("build: { codebuild: { project: payments-build } }",
        "build: payments-build").replace("duration: 5m", "duration: 5 minutes").replace("us-east-1", "eu-west-9");

    SpecReader.Result result = SpecFiles.parse(text, "spec.yaml");

    assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(
        "owner: unknown key (expected one of: application, build, test, deploy, alarms, waves, flag, approvers,"
            + " policy, analysis, hooks, notifications)",
        "build: must be a mapping of keys to values (found \"payments-build\")",
        "deploy.canary.duration: \"5 minutes\" is not a duration; write e.g. 90s, 5m, 1h30m or 2d",
        "waves[0].regions[0]: \"eu-west-9\" is not an AWS region");
  }
}
