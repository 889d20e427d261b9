package dev.shepherd.aws;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.cloud.AliasState;
import dev.shepherd.release.operator.GateDecision;
import dev.shepherd.release.region.RegionDeploymentWorkflowImpl;
import dev.shepherd.release.ReleaseClient;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.ReleaseRequest;
import dev.shepherd.release.ReleaseResult;
import dev.shepherd.release.ReleaseSearchAttributes;
import dev.shepherd.release.ReleaseWorkflow;
import dev.shepherd.release.story.ReleaseWorkflowImpl;
import dev.shepherd.spec.Approval;
import dev.shepherd.spec.BuildStepSpec;
import dev.shepherd.spec.CanarySpec;
import dev.shepherd.spec.CanaryWeight;
import dev.shepherd.spec.CodeBuildProject;
import dev.shepherd.spec.DeploySpec;
import dev.shepherd.spec.FlagSpec;
import dev.shepherd.spec.LambdaTarget;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.SsmFlagLocation;
import dev.shepherd.spec.WaveSpec;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Whole releases through the real AWS activities against moto: CodeBuild, Lambda in three regions,
 * CloudWatch alarms and an SSM flag, driven by the release workflow on the in-memory Temporal server.
 */
class AwsReleaseTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final Region WEST = Region.of("eu-west-1");
  private static final Region SYDNEY = Region.of("ap-southeast-2");
  private static final List<Region> REGIONS = List.of(EAST, WEST, SYDNEY);
  private static final String ALARM = "payments-5xx";
  private static final String PARAMETER = "/payments/flags/new-checkout";
  private static final String QUEUE = "aws-releases";

  private AwsFixtures fixtures;
  private TestWorkflowEnvironment env;
  private ReleaseClient releases;

  @BeforeEach
  void setUp() {
    fixtures = new AwsFixtures().project(EAST, "payments-build", "payments-api.zip");
    for (Region r : REGIONS) {
      fixtures.function(r).alarm(r, ALARM);
    }
    // What the build leaves behind (moto's CodeBuild runs nothing).
    fixtures.artifact("payments-api.zip", "version two");
    env = TestWorkflowEnvironment.newInstance();
    for (var key : ReleaseSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class, RegionDeploymentWorkflowImpl.class,
        dev.shepherd.release.lock.ApplicationLockWorkflowImpl.class);
    worker.registerActivitiesImplementations(AwsProvider.activities(fixtures.aws).toArray());
    worker.registerActivitiesImplementations(dev.shepherd.proof.IdentityVerifier.withoutPolicy());
    env.start();
    releases = new ReleaseClient(env.getWorkflowClient(), QUEUE);
  }

  @AfterEach
  void tearDown() {
    env.close();
    fixtures.close();
  }

  @Test
  void aReleaseEndsWithEveryAliasOnTheNewVersionAndTheFlagOn() {
    ReleaseWorkflow release = start();
    awaitPhase(release, ReleasePhase.AWAITING_APPROVAL);
    assertThat(alias(EAST)).as("wave 1 is out").isEqualTo(AliasState.of("2"));
    assertThat(alias(WEST)).as("wave 2 waits for its gate").isEqualTo(AliasState.of("1"));
    release.approve(new GateDecision(null, "bob", "canary region is healthy"));

    ReleaseResult result = WorkflowStub.fromTyped(release).getResult(ReleaseResult.class);
    assertThat(result.status().phase()).isEqualTo(ReleasePhase.RELEASED);
    for (Region r : REGIONS) {
      assertThat(alias(r)).as(r.code()).isEqualTo(AliasState.of("2"));
    }
    assertThat(flag()).isEqualTo("true");
    assertThat(result.status().buildId()).startsWith("payments-build:");
  }

  @Test
  void anAlarmDuringWave2EndsWithEveryAliasBackWhereItWas() {
    ReleaseWorkflow release = start();
    awaitPhase(release, ReleasePhase.AWAITING_APPROVAL);
    release.approve(new GateDecision(null, "alice", null));
    awaitPhase(release, ReleasePhase.BAKING);
    fixtures.setAlarm(EAST, ALARM, StateValue.ALARM, "5xx above 1% since the rest of the fleet moved");

    assertThatThrownBy(() -> WorkflowStub.fromTyped(release).getResult(ReleaseResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("ALARM"));
    assertThat(release.status().phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
    assertThat(release.status().failure()).contains(ALARM).contains("us-east-1");
    for (Region r : REGIONS) {
      assertThat(alias(r)).as(r.code()).isEqualTo(AliasState.of("1"));
    }
    assertThat(flag()).as("the flag was never touched").isNull();
  }

  private ReleaseWorkflow start() {
    ReleaseSpec spec = new ReleaseSpec("payments",
        new BuildStepSpec(new CodeBuildProject("payments-build", null), Duration.ofMinutes(10)), null,
        new DeploySpec(new LambdaTarget(AwsFixtures.FUNCTION, AwsFixtures.ALIAS),
            new CanarySpec(CanaryWeight.of(10), Duration.ofSeconds(1))),
        List.of(ALARM),
        List.of(new WaveSpec("canary-region", List.of(EAST), Duration.ofSeconds(1), Approval.NONE),
            new WaveSpec("rest", List.of(WEST, SYDNEY), Duration.ofSeconds(3), Approval.REQUIRED)),
        new FlagSpec(new SsmFlagLocation(PARAMETER), null, EAST, "true", Approval.NONE, Duration.ofSeconds(1)),
        List.of("alice", "bob"), null);
    var execution = releases.start(new ReleaseRequest(spec, "1.4.2", "carol", "v1.4.2"));
    return env.getWorkflowClient().newWorkflowStub(ReleaseWorkflow.class, execution.getWorkflowId());
  }

  private static void awaitPhase(ReleaseWorkflow release, ReleasePhase phase) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(release.status().phase()).as("the release's phase").isEqualTo(phase));
  }

  private AliasState alias(Region region) {
    var a = fixtures.aws.lambda(region).getAlias(r -> r.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS));
    var weights = a.routingConfig() == null ? java.util.Map.<String, Double>of()
        : a.routingConfig().additionalVersionWeights();
    if (weights.isEmpty()) {
      return AliasState.of(a.functionVersion());
    }
    var canary = weights.entrySet().iterator().next();
    return new AliasState(a.functionVersion(), canary.getKey(), (int) Math.round(canary.getValue() * 100));
  }

  private String flag() {
    try {
      return fixtures.aws.ssm(EAST).getParameter(r -> r.name(PARAMETER)).parameter().value();
    } catch (ParameterNotFoundException e) {
      return null;
    }
  }
}
