package dev.shepherd.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.aws.LambdaInvokeStub.Answer;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.HookActivities;
import dev.shepherd.cloud.HookPoint;
import dev.shepherd.cloud.HookRequest;
import dev.shepherd.cloud.HookResult;
import dev.shepherd.spec.Region;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Smoke-test hooks against a local stub of Lambda's Invoke API ({@link LambdaInvokeStub}), through the real AWS
 * SDK: every answer a hook can give, and every way an invoke can fail. What moto itself can answer is in
 * {@link AwsHookActivitiesMotoTest}.
 */
class AwsHookActivitiesTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final String HOOK = "payments-smoke";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LambdaInvokeStub lambda;
  private AwsClients aws;
  private TestActivityEnvironment env;
  private HookActivities hooks;

  @BeforeEach
  void setUp() throws IOException {
    lambda = new LambdaInvokeStub();
    start(lambda.endpoint());
  }

  private void start(URI endpoint) {
    aws = new AwsClients(AwsSettings.emulator(endpoint));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new AwsHookActivities(aws));
    hooks = env.newActivityStub(HookActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
    aws.close();
    lambda.close();
  }

  // --- answers ---------------------------------------------------------------------------------------

  @Test
  void givenAHookAnsweringSucceeded_itPassesAfterOneSynchronousInvoke() {
    lambda.function(HOOK, Answer.payload("{\"status\":\"Succeeded\"}"));

    HookResult result = hooks.runHook(request(HOOK, Duration.ofMinutes(5)));

    assertThat(result.passed()).isTrue();
    assertThat(result.reason()).isEqualTo("Succeeded");
    assertThat(lambda.invocations()).singleElement().satisfies(i -> {
      assertThat(i.function()).isEqualTo(HOOK);
      assertThat(i.invocationType()).isEqualTo("RequestResponse");
    });
  }

  @ParameterizedTest(name = "{0} -> passed={1}")
  @CsvSource(delimiter = '|', value = {
      "{\"status\":\"succeeded\"}                | true",
      "{\"Status\":\"SUCCEEDED\",\"reason\":\"ok\"} | true",
      "\"Succeeded\"                             | true",
      "\"failed\"                                | false",
      "{\"status\":\"Failed\"}                   | false",
      "{\"status\":\"Skipped\"}                  | false",
      "true                                      | false",
      "null                                      | false"})
  void givenACodeDeployStyleAnswerInAnyCase_itIsReadAsThatAnswer(String payload, boolean passed) {
    lambda.function(HOOK, Answer.payload(payload));

    assertThat(hooks.runHook(request(HOOK, Duration.ofMinutes(5))).passed()).isEqualTo(passed);
  }

  @Test
  void givenAHookAnsweringFailed_itFailsWithTheHooksReasonOrMessage() {
    lambda.function(HOOK, Answer.payload("{\"status\":\"Failed\",\"reason\":\"checkout answered 503 for the test order\"}"),
        Answer.payload("{\"status\":\"FAILED\",\"message\":\"login page did not render\"}"),
        Answer.payload("{\"status\":\"Failed\"}"));

    HookResult withReason = hooks.runHook(request(HOOK, Duration.ofMinutes(5)));
    HookResult withMessage = hooks.runHook(request(HOOK, Duration.ofMinutes(5)));
    HookResult without = hooks.runHook(request(HOOK, Duration.ofMinutes(5)));

    assertThat(withReason.passed()).isFalse();
    assertThat(withReason.reason()).isEqualTo("checkout answered 503 for the test order");
    assertThat(withMessage.passed()).isFalse();
    assertThat(withMessage.reason()).isEqualTo("login page did not render");
    assertThat(without.reason()).isEqualTo("answered Failed, without a reason");
  }

  @Test
  void givenAVeryLongReason_itIsCutToThreeHundredCharactersOnOneLine() {
    lambda.function(HOOK, Answer.payload("{\"status\":\"Failed\",\"reason\":\"first line\\n" + "x".repeat(2000) + "\"}"));

    HookResult result = hooks.runHook(request(HOOK, Duration.ofMinutes(5)));

    assertThat(result.reason()).hasSize(AwsHookActivities.MAX_REASON).startsWith("first line xxx").endsWith("…")
        .doesNotContain("\n");
  }

  @Test
  void givenAHookThatRaisesAFunctionError_itFailsWithTheErrorTypeAndMessage() {
    lambda.function(HOOK, Answer.functionError("KeyError", "'orderId'"));

    HookResult result = hooks.runHook(request(HOOK, Duration.ofMinutes(5)));

    assertThat(result.passed()).isFalse();
    assertThat(result.reason()).isEqualTo("raised a function error (Unhandled): KeyError: 'orderId'");
  }

  @Test
  void givenAHookWhoseAnswerIsNoHookAnswer_itFailsSayingWhatItAnswered() {
    lambda.function(HOOK, Answer.payload("{\"ok\":true}"));

    HookResult result = hooks.runHook(request(HOOK, Duration.ofMinutes(5)));

    assertThat(result.passed()).isFalse();
    assertThat(result.reason()).startsWith("answered {\"ok\":true}, which is not a hook answer");
  }

  @Test
  void givenAHookSlowerThanItsTimeout_itFailsAsNotAnsweringSoonAfterTheTimeout() {
    lambda.function(HOOK, Answer.slow(Duration.ofSeconds(20), "{\"status\":\"Succeeded\"}"));
    Instant start = Instant.now();

    HookResult result = hooks.runHook(request(HOOK, Duration.ofSeconds(1)));

    Duration took = Duration.between(start, Instant.now());
    assertThat(result.passed()).isFalse();
    assertThat(result.reason()).isEqualTo("did not answer within 1s");
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1))
        .isLessThan(Duration.ofSeconds(1).plus(AwsHookActivities.ANSWER_GRACE).plusSeconds(3));
    assertThat(lambda.invocations()).hasSize(1);
  }

  // --- the event -------------------------------------------------------------------------------------

  @Test
  void theHookReceivesEveryFieldOfTheRelease() throws IOException {
    lambda.function(HOOK, Answer.payload("{\"status\":\"Succeeded\"}"));

    hooks.runHook(new HookRequest(HookPoint.AFTER_TRAFFIC, EAST, HOOK, Duration.ofMinutes(5), "release-payments-1.4.2",
        "payments", "1.4.2", new AliasRef(EAST, "payments-api", "live"), "8", "7"));

    JsonNode event = JSON.readTree(lambda.invocations().get(0).event());
    assertThat(event.properties()).extracting(java.util.Map.Entry::getKey).containsExactly("hook", "releaseId",
        "application", "version", "region", "function", "alias", "newVersion", "previousVersion");
    assertThat(event.path("hook").asText()).isEqualTo("afterTraffic");
    assertThat(event.path("releaseId").asText()).isEqualTo("release-payments-1.4.2");
    assertThat(event.path("application").asText()).isEqualTo("payments");
    assertThat(event.path("version").asText()).isEqualTo("1.4.2");
    assertThat(event.path("region").asText()).isEqualTo("us-east-1");
    assertThat(event.path("function").asText()).isEqualTo("payments-api");
    assertThat(event.path("alias").asText()).isEqualTo("live");
    assertThat(event.path("newVersion").asText()).isEqualTo("8");
    assertThat(event.path("previousVersion").asText()).isEqualTo("7");
  }

  // --- invokes that fail ------------------------------------------------------------------------------

  @Test
  void givenAThrottledInvoke_itFailsRetryablyWithoutCountingAsSentAndTheRetryPasses() {
    lambda.function(HOOK, Answer.throttled(), Answer.payload("{\"status\":\"Succeeded\"}"));

    assertFailure(() -> hooks.runHook(request(HOOK, Duration.ofMinutes(5))), f -> {
      assertThat(f.isNonRetryable()).isFalse();
      assertThat(f.getType()).isEqualTo(AwsFailures.TRANSIENT);
    });

    assertThat(hooks.runHook(request(HOOK, Duration.ofMinutes(5))).passed()).isTrue();
    assertThat(lambda.invocations()).hasSize(2);
  }

  /**
   * The attempt that was throttled ends with the heartbeat "not sent", which Temporal hands to the next attempt:
   * so the retry invokes the hook, where "sent" would have made it give up.
   */
  @Test
  void givenThrottledInvokes_whenTemporalRetriesThem_theHookRunsOnceItIsLetThroughAndPasses() {
    lambda.function(HOOK, Answer.throttled(), Answer.throttled(), Answer.payload("{\"status\":\"Succeeded\"}"));

    HookResult result = inWorkflow(Duration.ofSeconds(10), new AwsHookActivities(aws), request(HOOK, Duration.ofMinutes(5)));

    assertThat(result.passed()).isTrue();
    assertThat(lambda.invocations()).hasSize(3);
  }

  /**
   * A hook that runs longer than the activity's heartbeat timeout: the activity heartbeats while it waits, so the
   * attempt is not timed out (and its retry would not invoke the hook again, but give up on it).
   */
  @Test
  void givenAHookSlowerThanTheHeartbeatTimeout_theActivityHeartbeatsWhileItWaitsAndTheHookPasses() {
    lambda.function(HOOK, Answer.slow(Duration.ofSeconds(5), "{\"status\":\"Succeeded\"}"));

    HookResult result = inWorkflow(Duration.ofSeconds(2), new AwsHookActivities(aws, Duration.ofMillis(200)),
        request(HOOK, Duration.ofSeconds(30)));

    assertThat(result.passed()).as(result.reason()).isTrue();
    assertThat(lambda.invocations()).hasSize(1);
  }

  /**
   * An attempt that stops heartbeating while its invoke is out (as when its worker dies) is timed out and retried;
   * the retry finds the invoke was sent, and fails the hook rather than invoke it a second time.
   */
  @Test
  void givenAnAttemptLostWhileItsInvokeWasOut_theRetryFailsTheHookWithoutInvokingItAgain() {
    lambda.function(HOOK, Answer.slow(Duration.ofSeconds(4), "{\"status\":\"Succeeded\"}"));

    HookResult result = inWorkflow(Duration.ofSeconds(2), new AwsHookActivities(aws, Duration.ofMinutes(10)),
        request(HOOK, Duration.ofSeconds(30)));

    assertThat(result.passed()).isFalse();
    assertThat(result.reason()).startsWith("an earlier attempt invoked the hook and was lost before its answer came");
    assertThat(lambda.invocations()).hasSize(1);
  }

  /** Runs a hook in a workflow on the in-memory Temporal server, which retries it as a release would. */
  private static HookResult inWorkflow(Duration heartbeatTimeout, AwsHookActivities activities, HookRequest request) {
    try (TestWorkflowEnvironment temporal = TestWorkflowEnvironment.newInstance()) {
      Worker worker = temporal.newWorker("hooks");
      worker.registerWorkflowImplementationFactory(HookStepWorkflow.class,
          () -> new HookStepWorkflowImpl(heartbeatTimeout));
      worker.registerActivitiesImplementations(activities);
      temporal.start();
      return temporal.getWorkflowClient().newWorkflowStub(HookStepWorkflow.class,
          WorkflowOptions.newBuilder().setTaskQueue("hooks").setWorkflowId("release/payments/1.4.2").build())
          .runHook(request);
    }
  }

  @Test
  void givenALambdaServiceError_itFailsRetryably() {
    lambda.function(HOOK, Answer.error(500, "ServiceException", "internal error"));

    assertFailure(() -> hooks.runHook(request(HOOK, Duration.ofMinutes(5))),
        f -> assertThat(f.isNonRetryable()).isFalse());
  }

  @Test
  void givenAHookFunctionLambdaDoesNotHold_itFailsNotFoundForGood() {
    assertFailure(() -> hooks.runHook(request("payments-smok", Duration.ofMinutes(5))), f -> {
      assertThat(f.getType()).isEqualTo("NOT_FOUND");
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getOriginalMessage()).contains("payments-smok").contains("us-east-1");
    });
  }

  @Test
  void givenAHookTheWorkerMayNotInvoke_itFailsAccessDeniedForGood() {
    lambda.function(HOOK, Answer.error(403, "AccessDeniedException", "not authorized to perform lambda:InvokeFunction"));

    assertFailure(() -> hooks.runHook(request(HOOK, Duration.ofMinutes(5))), f -> {
      assertThat(f.getType()).isEqualTo("ACCESS_DENIED");
      assertThat(f.isNonRetryable()).isTrue();
    });
  }

  @Test
  void givenAHookArnOfAnotherRegion_itIsRefusedWithoutInvokingIt() {
    String arn = "arn:aws:lambda:eu-west-1:123456789012:function:" + HOOK;
    lambda.function(arn, Answer.payload("{\"status\":\"Succeeded\"}"));

    assertFailure(() -> hooks.runHook(request(arn, Duration.ofMinutes(5))), f -> {
      assertThat(f.getType()).isEqualTo("INVALID_REQUEST");
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getOriginalMessage()).contains("is in eu-west-1").contains("in us-east-1");
    });
    assertThat(lambda.invocations()).isEmpty();
  }

  @Test
  void givenAHookArnOfItsOwnRegionWithAQualifier_itIsInvokedAsWritten() {
    String arn = "arn:aws:lambda:us-east-1:123456789012:function:" + HOOK + ":live";
    lambda.function(arn, Answer.payload("{\"status\":\"Succeeded\"}"));

    assertThat(hooks.runHook(request(arn, Duration.ofMinutes(5))).passed()).isTrue();
  }

  @Test
  void givenNoLambdaListening_itFailsRetryablyAsNeverSent() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    tearDown();
    lambda = new LambdaInvokeStub();
    start(URI.create("http://127.0.0.1:" + closed));

    assertFailure(() -> hooks.runHook(request(HOOK, Duration.ofMinutes(5))), f -> {
      assertThat(f.isNonRetryable()).isFalse();
      assertThat(f.getType()).isEqualTo(AwsFailures.TRANSIENT);
    });
  }

  @Test
  void givenAConnectionLostWhileTheHookRan_itFailsTheHookAndNeverInvokesItAgain() {
    // The first invoke leaves a kept-alive connection, which the second reuses: the JDK's HTTP client would
    // retry a request on it that lost its answer, unless the request is streamed (as the SDK streams it).
    lambda.function(HOOK, Answer.payload("{\"status\":\"Succeeded\"}"), Answer.dropped());
    assertThat(hooks.runHook(request(HOOK, Duration.ofMinutes(5))).passed()).isTrue();

    HookResult result = hooks.runHook(request(HOOK, Duration.ofMinutes(5)));

    assertThat(result.passed()).isFalse();
    assertThat(result.reason()).startsWith("the connection to Lambda was lost while the hook ran")
        .contains("a hook is not invoked twice");
    assertThat(lambda.invocations()).hasSize(2);
  }

  @Test
  void givenAnEarlierAttemptThatSentTheInvokeAndWasLost_itFailsTheHookWithoutInvokingItAgain() {
    lambda.function(HOOK, Answer.payload("{\"status\":\"Succeeded\"}"));
    env.setHeartbeatDetails(AwsHookActivities.INVOKE_SENT);

    HookResult result = hooks.runHook(request(HOOK, Duration.ofMinutes(5)));

    assertThat(result.passed()).isFalse();
    assertThat(result.reason()).contains("an earlier attempt invoked the hook").contains("not invoked twice");
    assertThat(lambda.invocations()).isEmpty();
  }

  private static HookRequest request(String function, Duration timeout) {
    return new HookRequest(HookPoint.BEFORE_TRAFFIC, EAST, function, timeout, "release-payments-1.4.2", "payments",
        "1.4.2", new AliasRef(EAST, "payments-api", "live"), "8", "7");
  }

  private static void assertFailure(Runnable call, Consumer<ApplicationFailure> check) {
    assertThatThrownBy(call::run).cause().isInstanceOfSatisfying(ApplicationFailure.class, check);
  }
}
