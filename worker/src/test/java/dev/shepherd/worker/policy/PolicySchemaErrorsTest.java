package dev.shepherd.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each kind of finding of schema/policy.schema.json's validator, put in the words policies have always used,
 * at the path of its field: the policy's one problem.
 */
class PolicySchemaErrorsTest {

  private static final String POLICY = """
      identity:
        accept: [insecure]
        maxProofAge: 15m
      applications:
        payments:
          start: [alice]
          selfApproval: false
          requireApproval: { waves: every, flag: true }
      """;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      type: a mapping expected             | `identity:\n  accept: [insecure]\n  maxProofAge: 15m\n`  | `identity: [insecure]\n`          | identity: must be a mapping (found a list)
      type: a list expected                | start: [alice]                          | start: alice                                  | applications.payments.start: must be a list (found "alice")
      type: text expected                  | start: [alice]                          | start: [alice, 7]                             | applications.payments.start[1]: must be text (found the number 7)
      type: the field's own sentence       | selfApproval: false                     | selfApproval: "no"                            | applications.payments.selfApproval: must be true or false (found "no")
      type: a duration's sentence          | maxProofAge: 15m                        | maxProofAge: [15m]                            | identity.maxProofAge: must be a duration such as 30m or 1h (found a list)
      type: a section's own sentence       | `{ waves: every, flag: true }`          | every                                         | applications.payments.requireApproval: must be a map with waves and flag (found "every")
      required: the field's own sentence   | `    start: [alice]\n`                  | ``                                            | applications.payments.start: is required: who may start a release (an empty list lets nobody)
      required: a key with no value        | accept: [insecure]                      | accept: ~                                     | identity.accept: is required; list how people prove who they are: ssh, aws, insecure
      additionalProperties                 | selfApproval: false                     | `selfApproval: false\n    owner: alice`       | applications.payments.owner: unknown key; expected one of start, approve, selfApproval, minBake, requireApproval, resources
      additionalProperties: own sentence   | `{ waves: every, flag: true }`          | `{ waves: every, flag: true, gates: all }`    | applications.payments.requireApproval.gates: unknown key; requireApproval takes waves and flag
      enum: the value first                | accept: [insecure]                      | accept: [kerberos]                            | identity.accept[0]: "kerberos" is not one of ssh, aws, insecure
      enum: what was found last            | waves: every                            | waves: all                                    | applications.payments.requireApproval.waves: must be one of every, after-first, none (found "all")
      minItems                             | accept: [insecure]                      | accept: []                                    | identity.accept: lists no method, so nobody could prove who they are; list one or more of ssh, aws, insecure
      minProperties                        | `  payments:\n    start: [alice]\n    selfApproval: false\n    requireApproval: { waves: every, flag: true }\n` | `  {}\n` | applications: lists no application, so nothing could be released
      """)
  void givenAPolicyThatBreaksItsSchema_itShouldSayWhatIsWrongAtTheField(String kind, String replaced, String by,
      String expected) throws IOException {
    String text = POLICY.replace(unescape(replaced), unescape(by));
    assertThat(text).as("the case changes the policy").isNotEqualTo(POLICY);
    Path file = Files.writeString(dir.resolve("policy.yaml"), text);

    PolicyException refused = catchThrowableOfType(PolicyException.class, () -> ReleasePolicy.load(file));

    assertThat(refused).as(text).isNotNull();
    assertThat(refused.problems()).containsExactly(expected);
  }

  @Test
  void givenAMisspeltKey_itShouldNameTheKnownKeyItIsOneEditFrom() throws IOException {
    Path file = Files.writeString(dir.resolve("policy.yaml"), POLICY.replace("selfApproval:", "selfAproval:"));

    PolicyException refused = catchThrowableOfType(PolicyException.class, () -> ReleasePolicy.load(file));

    assertThat(refused.problems()).containsExactly("applications.payments.selfAproval: unknown key; did you mean"
        + " selfApproval? expected one of start, approve, selfApproval, minBake, requireApproval, resources");
  }

  private static String unescape(String s) {
    return s.replace("\\n", "\n");
  }
}
