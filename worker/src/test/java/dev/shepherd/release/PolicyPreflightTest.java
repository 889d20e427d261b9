package dev.shepherd.release;

import dev.shepherd.release.operator.GateDecision;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.identity.Proof;
import dev.shepherd.policy.ApplicationPolicy;
import dev.shepherd.policy.ResourceAllowance;
import dev.shepherd.proof.IdentityVerifier;
import dev.shepherd.sim.Operation;
import dev.shepherd.sim.SimulatedCloud;
import dev.shepherd.sim.CloudCall;
import dev.shepherd.spec.ReleaseSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A release whose spec its application's release policy does not allow stops at pre-flight, with every
 * violation in its failure and nothing touched. Names are taken as given (the policy accepts insecure
 * names), so that no keys are needed.
 */
class PolicyPreflightTest {

  private static final String DIGEST = "sha256:" + "5e".repeat(32);
  private static final Duration MIN_BAKE = Duration.ofMinutes(30);

  private static ReleaseHarness harness(ReleaseSpec spec, ResourceAllowance resources, Duration minBake) {
    ApplicationPolicy payments = new ApplicationPolicy("payments", DIGEST, List.of("alice", "carol"),
        Map.of("*", List.of("alice", "bob")), false, minBake, resources);
    TestIdentityPolicy policy = new TestIdentityPolicy(Set.of(Proof.INSECURE), null, Map.of(), payments);
    return new ReleaseHarness(spec, SimulatedCloud.forSpec(spec), new IdentityVerifier(policy, Clock.systemUTC()));
  }

  @Test
  void givenASpecOutsideItsReleasePolicy_theReleaseFailsPreflightListingEveryViolationAndTouchesNothing() {
    // Everything the spec names exists in the cloud: only the policy stands in the way. Its waves bake for a
    // second, the policy asks for half an hour.
    ReleaseSpec spec = TestSpecs.twoWaves();
    ResourceAllowance elsewhere = new ResourceAllowance(List.of("payments-worker"), List.of("/payments/config/"),
        List.of(), List.of("payments-it"));
    try (var h = harness(spec, elsewhere, MIN_BAKE)) {
      var run = h.start("1.4.2", "carol");

      assertThat(run.failureType()).isEqualTo(FailureType.PREFLIGHT_FAILED.name());
      assertThat(run.failureMessage())
          .contains("release policy " + DIGEST + " does not allow 7: ")
          .contains("build.codebuild.project: payments-build is not among the CodeBuild projects payments may use")
          .doesNotContain("test.codebuild.project")
          .contains("deploy.lambda.function: arn:aws:lambda:us-east-1:123456789012:function:payments-api is not"
              + " among the functions payments may touch (payments-worker)")
          .contains("arn:aws:lambda:eu-west-1:123456789012:function:payments-api is not among")
          .contains("arn:aws:lambda:ap-southeast-2:123456789012:function:payments-api is not among")
          .contains("waves[0] (canary-region).bake: 1s is shorter than the policy's minimum bake for payments (30m)")
          .contains("waves[1] (rest).bake: 1s is shorter")
          .contains("flag.ssm.parameter: /payments/flags/new-checkout is not under any of the SSM parameter prefixes"
              + " payments may use (/payments/config/)");
      ReleaseStatus status = run.status();
      assertThat(status.phase()).isEqualTo(ReleasePhase.FAILED);
      assertThat(status.policyDigest()).isEqualTo(DIGEST);
      // The pre-flight's own look-up is all the cloud saw: no build, no alias or flag written.
      assertThat(h.cloud.operations()).extracting(Operation::call).containsExactly(CloudCall.PREFLIGHT);
      assertThat(h.cloud.buildsStarted()).isZero();
      for (String region : List.of("us-east-1", "eu-west-1", "ap-southeast-2")) {
        assertThat(h.alias(region).version()).as(region).isEqualTo("1");
        assertThat(h.alias(region).canaryVersion()).as(region).isNull();
      }
      assertThat(h.flag().exists()).isFalse();
    }
  }

  @Test
  void givenASpecInsideItsReleasePolicy_theReleasePassesPreflightAndIsReleased() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    ResourceAllowance payments = new ResourceAllowance(List.of("payments-*"), List.of("/payments/"), List.of(),
        List.of("payments-*"));
    try (var h = harness(spec, payments, TestSpecs.BAKE)) {
      var run = h.start("1.4.2", "carol");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.stub.approve(new GateDecision("rest", "bob", null));

      assertThat(run.result().status().phase()).isEqualTo(ReleasePhase.RELEASED);
      assertThat(h.alias("ap-southeast-2").version()).isNotEqualTo("1");
    }
  }
}
