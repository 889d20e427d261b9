package dev.shepherd.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a user writes to release an application: where it is built and tested, where it is deployed and
 * in which waves, which alarms guard it, which flag releases it to users, who may approve it and how
 * failures are handled.
 *
 * <p>Instances come from the worker's {@code SpecReader} (YAML or JSON checked against
 * schema/release.schema.json and bound to these records) and are checked by
 * {@link SpecValidator}; the release workflow validates again before it does anything.
 *
 * @param application the application's name, used in workflow ids and search attributes
 * @param build the CodeBuild project that builds the release
 * @param test the CodeBuild project that tests the build; optional
 * @param deploy the Lambda function and alias to deploy, and the canary
 * @param alarms CloudWatch alarm names, looked up in each region
 * @param waves regions in the order they are deployed; a wave's regions are deployed in parallel
 * @param flag the feature flag that releases the new code to users; optional
 * @param approvers who may approve gates; never the release's initiator
 * @param policy failure handling, approval timeout and deployment windows
 * @param analysis canary analysis of every wave that has none of its own; none when absent. Left out of the
 *     JSON when absent, so that a spec without it is written (and its digest, which proofs of identity bind,
 *     computed) exactly as before the field existed
 * @param hooks smoke-test hooks run in every region; none when absent (and left out of the JSON, as analysis)
 * @param notifications where the release's news is sent; nowhere when absent (and left out of the JSON)
 */
public record ReleaseSpec(
    String application,
    BuildStepSpec build,
    BuildStepSpec test,
    DeploySpec deploy,
    List<String> alarms,
    List<WaveSpec> waves,
    FlagSpec flag,
    List<String> approvers,
    PolicySpec policy,
    @JsonInclude(JsonInclude.Include.NON_NULL) AnalysisSpec analysis,
    @JsonInclude(JsonInclude.Include.NON_NULL) HooksSpec hooks,
    @JsonInclude(JsonInclude.Include.NON_NULL) NotificationsSpec notifications) {

  public ReleaseSpec {
    alarms = alarms == null ? List.of() : List.copyOf(alarms);
    waves = waves == null ? List.of() : List.copyOf(waves);
    approvers = approvers == null ? List.of() : List.copyOf(approvers);
    policy = policy == null ? PolicySpec.defaults() : policy;
  }

  /** A spec without canary analysis. */
  public ReleaseSpec(String application, BuildStepSpec build, BuildStepSpec test, DeploySpec deploy,
      List<String> alarms, List<WaveSpec> waves, FlagSpec flag, List<String> approvers, PolicySpec policy) {
    this(application, build, test, deploy, alarms, waves, flag, approvers, policy, null, null, null);
  }

  /** A spec with canary analysis and without hooks or notifications. */
  public ReleaseSpec(String application, BuildStepSpec build, BuildStepSpec test, DeploySpec deploy,
      List<String> alarms, List<WaveSpec> waves, FlagSpec flag, List<String> approvers, PolicySpec policy,
      AnalysisSpec analysis) {
    this(application, build, test, deploy, alarms, waves, flag, approvers, policy, analysis, null, null);
  }

  /** The canary analysis of a wave: its own, else the release's; null when neither has one. */
  public AnalysisSpec analysisFor(WaveSpec wave) {
    return wave != null && wave.analysis() != null ? wave.analysis() : analysis;
  }

  /** The gate names of this spec, in the order the release reaches them. */
  public List<String> gateNames() {
    var gates = new java.util.ArrayList<String>();
    for (WaveSpec wave : waves) {
      if (wave != null && wave.approvalRequired()) {
        gates.add(wave.name());
      }
    }
    if (flag != null && flag.approvalRequired()) {
      gates.add(FlagSpec.GATE_NAME);
    }
    return List.copyOf(gates);
  }

  /** Every region of every wave, in wave order. */
  public List<Region> allRegions() {
    return waves.stream().filter(w -> w != null).flatMap(w -> w.regions().stream()).toList();
  }
}
