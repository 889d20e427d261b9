package dev.shepherd.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.worker.SpecReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link PolicyCheck} on a spec read from a document (PolicyCheckTest builds its specs in code). */
class PolicyCheckOfAReadSpecTest {

  private static final String ACCOUNT = "111122223333";

  @Test
  void givenASpecReadFromADocument_itShouldBeJudgedTheSame() {
    SpecReader.Result read = SpecReader.read(Map.of(
        "application", "payments",
        "build", Map.of("codebuild", Map.of("project", "payments-build")),
        "deploy", Map.of("lambda", Map.of("function", "payments-api", "alias", "live")),
        "waves", List.of(Map.of("name", "all", "regions", List.of("eu-west-1"), "bake", "10m"))));
    assertThat(read.problems()).isEmpty();

    assertThat(PolicyCheck.violations(read.spec(), policy(Duration.ofMinutes(30)), ACCOUNT))
        .containsExactly("waves[0] (all).bake: 10m is shorter than the policy's minimum bake for payments (30m)");
  }

  private static ApplicationPolicy policy(Duration minBake) {
    return new ApplicationPolicy("payments", "sha256:00", List.of("alice"), Map.of("*", List.of("bob")), false,
        minBake, new ResourceAllowance(List.of("arn:aws:lambda:*:" + ACCOUNT + ":function:payments-*"),
            List.of("/payments/"), List.of("payments"), List.of("payments-build", "payments-test")));
  }
}
