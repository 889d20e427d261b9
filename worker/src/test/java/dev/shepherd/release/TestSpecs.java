package dev.shepherd.release;

import dev.shepherd.spec.Approval;
import dev.shepherd.spec.BuildStepSpec;
import dev.shepherd.spec.CanarySpec;
import dev.shepherd.spec.CanaryWeight;
import dev.shepherd.spec.CodeBuildProject;
import dev.shepherd.spec.DeploySpec;
import dev.shepherd.spec.FlagSpec;
import dev.shepherd.spec.LambdaTarget;
import dev.shepherd.spec.OnFailure;
import dev.shepherd.spec.PolicySpec;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.SsmFlagLocation;
import dev.shepherd.spec.WaveSpec;
import java.time.Duration;
import java.util.List;

/**
 * Specs for the workflow tests: two waves, three regions, second-scale canary and bakes (watched by
 * running activities, so they pass in real time even with time skipping).
 */
final class TestSpecs {

  static final String ALARM = "payments-5xx";
  static final Duration CANARY = Duration.ofMillis(600);
  static final Duration BAKE = Duration.ofSeconds(1);

  private TestSpecs() {}

  /** Wave 1: us-east-1. Wave 2: eu-west-1 and ap-southeast-2, approval required. Then an SSM flag. */
  static ReleaseSpec twoWaves() {
    return twoWaves(PolicySpec.defaults(), BAKE, BAKE);
  }

  static ReleaseSpec twoWaves(PolicySpec policy, Duration bake, Duration flagBake) {
    return new ReleaseSpec(
        "payments",
        new BuildStepSpec(new CodeBuildProject("payments-build", null), Duration.ofMinutes(10)),
        new BuildStepSpec(new CodeBuildProject("payments-it", null), Duration.ofMinutes(10)),
        new DeploySpec(new LambdaTarget("payments-api", "live"), new CanarySpec(CanaryWeight.of(10), CANARY)),
        List.of(ALARM),
        List.of(
            new WaveSpec("canary-region", List.of(Region.of("us-east-1")), bake, Approval.NONE),
            new WaveSpec("rest", List.of(Region.of("eu-west-1"), Region.of("ap-southeast-2")), bake, Approval.REQUIRED)),
        new FlagSpec(new SsmFlagLocation("/payments/flags/new-checkout"), null, null, "true", Approval.NONE, flagBake),
        List.of("alice", "bob"),
        policy);
  }

  static ReleaseSpec withPolicy(OnFailure onFailure) {
    return twoWaves(new PolicySpec(onFailure, null, null, null), BAKE, BAKE);
  }

  /** {@link #twoWaves()} with deployment windows and no approval gate (nobody to answer in skipped time). */
  static ReleaseSpec withWindows(List<String> windows) {
    return withoutGates(new PolicySpec(null, null, null, windows));
  }

  /** {@link #twoWaves()} with this policy and no approval gate. */
  static ReleaseSpec withoutGates(PolicySpec policy) {
    return withoutGatesOf(twoWaves(policy, BAKE, BAKE));
  }

  /** A spec built step by step: {@code TestSpecs.spec().withBake(...).withoutGates().build()}. */
  static Builder spec() {
    return new Builder();
  }

  /** {@link #twoWaves()} with what a test changes. */
  static final class Builder {
    private PolicySpec policy = PolicySpec.defaults();
    private Duration bake = BAKE;
    private Duration flagBake = BAKE;
    private boolean gates = true;
    private Duration lastWaveBake;

    Builder withPolicy(PolicySpec policy) {
      this.policy = policy;
      return this;
    }

    Builder withBake(Duration bake) {
      this.bake = bake;
      return this;
    }

    /** The second wave's bake only (the first keeps {@link #BAKE}). */
    Builder withLastWaveBake(Duration bake) {
      this.lastWaveBake = bake;
      return this;
    }

    Builder withFlagBake(Duration flagBake) {
      this.flagBake = flagBake;
      return this;
    }

    Builder withoutGates() {
      this.gates = false;
      return this;
    }

    ReleaseSpec build() {
      ReleaseSpec s = twoWaves(policy, bake, flagBake);
      if (lastWaveBake != null) {
        WaveSpec rest = s.waves().get(1);
        s = new ReleaseSpec(s.application(), s.build(), s.test(), s.deploy(), s.alarms(),
            List.of(s.waves().get(0), new WaveSpec(rest.name(), rest.regions(), lastWaveBake, rest.approval())),
            s.flag(), s.approvers(), s.policy());
      }
      return gates ? s : withoutGatesOf(s);
    }
  }

  private static ReleaseSpec withoutGatesOf(ReleaseSpec s) {
    WaveSpec rest = s.waves().get(1);
    return new ReleaseSpec(s.application(), s.build(), s.test(), s.deploy(), s.alarms(),
        List.of(s.waves().get(0), new WaveSpec(rest.name(), rest.regions(), rest.bake(), Approval.NONE)),
        s.flag(), s.approvers(), s.policy());
  }

  /** A policy: fail or pause, an approval timeout, and how long a watch may go blind. */
  static PolicySpec policy(OnFailure onFailure, Duration approvalTimeout, Duration blindAfter) {
    return new PolicySpec(onFailure, approvalTimeout, null, null, null, null, blindAfter);
  }
}
