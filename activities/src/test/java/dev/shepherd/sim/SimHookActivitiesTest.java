package dev.shepherd.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.HookActivities;
import dev.shepherd.cloud.HookPoint;
import dev.shepherd.cloud.HookRequest;
import dev.shepherd.cloud.HookResult;
import dev.shepherd.spec.Region;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Smoke-test hooks in the simulated cloud: they pass unless the fault plan fails them, and every run is recorded. */
class SimHookActivitiesTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final Region WEST = Region.of("eu-west-1");
  private static final String SMOKE = "payments-smoke";

  private final SimulatedCloud cloud = new SimulatedCloud().addFunction(EAST, SMOKE).addFunction(WEST, SMOKE);
  private TestActivityEnvironment env;
  private HookActivities hooks;

  @BeforeEach
  void setUp() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(SimProvider.activities(cloud).toArray());
    hooks = env.newActivityStub(HookActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void givenNoFault_aHookPassesAndItsRunIsRecorded() {
    HookResult result = hooks.runHook(request(HookPoint.BEFORE_TRAFFIC, EAST, SMOKE));

    assertThat(result.passed()).isTrue();
    assertThat(cloud.hookRuns()).singleElement().satisfies(run -> {
      assertThat(run.call()).isEqualTo(CloudCall.RUN_HOOK);
      assertThat(run.region()).isEqualTo(EAST);
      assertThat(run.detail()).isEqualTo("beforeTraffic hook payments-smoke on version 8 of payments-api:live: passed");
    });
  }

  @Test
  void givenAHookFailedInOneRegionAtOnePoint_onlyThatHookFailsWithTheReason() {
    cloud.failHook(WEST, HookPoint.AFTER_TRAFFIC, "checkout answered 503");

    HookResult westAfter = hooks.runHook(request(HookPoint.AFTER_TRAFFIC, WEST, SMOKE));

    assertThat(westAfter.passed()).isFalse();
    assertThat(westAfter.reason()).isEqualTo("checkout answered 503");
    assertThat(hooks.runHook(request(HookPoint.BEFORE_TRAFFIC, WEST, SMOKE)).passed()).isTrue();
    assertThat(hooks.runHook(request(HookPoint.AFTER_TRAFFIC, EAST, SMOKE)).passed()).isTrue();
    assertThat(hooks.runHook(request(HookPoint.AFTER_TRAFFIC, WEST, SMOKE)).passed()).as("every time").isFalse();
    assertThat(cloud.hookRuns()).extracting(Operation::detail).containsExactly(
        "afterTraffic hook payments-smoke on version 8 of payments-api:live: failed: checkout answered 503",
        "beforeTraffic hook payments-smoke on version 8 of payments-api:live: passed",
        "afterTraffic hook payments-smoke on version 8 of payments-api:live: passed",
        "afterTraffic hook payments-smoke on version 8 of payments-api:live: failed: checkout answered 503");
  }

  @Test
  void givenAHookFailedAnywhereOnce_itFailsOnceThenPasses() {
    cloud.failHook(null, null, "flaky login", 1);

    assertThat(hooks.runHook(request(HookPoint.BEFORE_TRAFFIC, WEST, SMOKE)).passed()).isFalse();
    assertThat(hooks.runHook(request(HookPoint.BEFORE_TRAFFIC, WEST, SMOKE)).passed()).isTrue();
  }

  @Test
  void clearedHookFaultsLetTheHooksPassAgain() {
    cloud.failHook(EAST, HookPoint.BEFORE_TRAFFIC, "broken");
    cloud.clearHookFaults(EAST);

    assertThat(hooks.runHook(request(HookPoint.BEFORE_TRAFFIC, EAST, SMOKE)).passed()).isTrue();
  }

  @Test
  void givenAHookFunctionTheCloudDoesNotHold_itFailsNotFoundForGoodAndRunsNothing() {
    assertFailure(() -> hooks.runHook(request(HookPoint.BEFORE_TRAFFIC, EAST, "payments-smok")), f -> {
      assertThat(f.getType()).isEqualTo("NOT_FOUND");
      assertThat(f.isNonRetryable()).isTrue();
    });
    assertFailure(() -> hooks.runHook(request(HookPoint.BEFORE_TRAFFIC, EAST, SMOKE + ":canary")),
        f -> assertThat(f.getType()).isEqualTo("NOT_FOUND"));
    assertThat(hooks.runHook(request(HookPoint.BEFORE_TRAFFIC, EAST, SMOKE + ":1")).passed())
        .as("version 1 exists").isTrue();
    assertThat(cloud.hookRuns()).hasSize(1);
  }

  @Test
  void givenAHookArnOfAnotherRegion_itIsRefusedAsAnInvalidRequest() {
    String arn = "arn:aws:lambda:us-east-1:123456789012:function:" + SMOKE;

    assertFailure(() -> hooks.runHook(request(HookPoint.BEFORE_TRAFFIC, WEST, arn)), f -> {
      assertThat(f.getType()).isEqualTo("INVALID_REQUEST");
      assertThat(f.isNonRetryable()).isTrue();
    });
    assertThat(cloud.hookRuns()).isEmpty();
  }

  @Test
  void givenAThrottledInvoke_itFailsRetryablyThenTheHookRuns() {
    cloud.failCallTransiently(CloudCall.RUN_HOOK, EAST, 1);

    assertFailure(() -> hooks.runHook(request(HookPoint.BEFORE_TRAFFIC, EAST, SMOKE)),
        f -> assertThat(f.isNonRetryable()).isFalse());
    assertThat(hooks.runHook(request(HookPoint.BEFORE_TRAFFIC, EAST, SMOKE)).passed()).isTrue();
    assertThat(cloud.hookRuns()).hasSize(1);
  }

  @Test
  void anAutoProvisionedCloudHoldsEveryHookFunction() {
    SimulatedCloud any = SimulatedCloud.autoProvisioned();
    assertThat(new SimHookActivities(any).runHook(request(HookPoint.AFTER_TRAFFIC, WEST, "whatever-smoke:live")).passed())
        .isTrue();
  }

  private static HookRequest request(HookPoint point, Region region, String function) {
    return new HookRequest(point, region, function, Duration.ofMinutes(5), "release-payments-1.4.2", "payments", "1.4.2",
        new AliasRef(region, "payments-api", "live"), "8", "7");
  }

  private static void assertFailure(Runnable call, Consumer<ApplicationFailure> check) {
    assertThatThrownBy(call::run).cause().isInstanceOfSatisfying(ApplicationFailure.class, check);
  }
}
