package dev.shepherd.aws;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Smoke-test hooks against moto 5.2.1, for what it can answer of Lambda's {@code Invoke} here, with no Docker
 * daemon. moto runs a function's code only in Docker; without it, its default Lambda answers an invoke of a
 * function it holds with a function error of its own ("error running docker"), and one of a function it does not
 * hold with {@code ResourceNotFoundException}, which is tested here on the shared server. Its Docker-less Lambda
 * ({@code POST /moto-api/config {"lambda": {"use_docker": false}}}) answers every invoke with HTTP 200 and the
 * next payload queued by {@code POST /moto-api/static/lambda-simple/response}, else with the event it was sent:
 * never a function error, never late, never throttled, and not even for a function it does not hold. That
 * setting is moto's whole process's (and keeps its functions apart from the default Lambda's), so those tests
 * run on a moto of their own. Everything else is tested against a stub of the API, in {@link AwsHookActivitiesTest}.
 */
class AwsHookActivitiesMotoTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final String HOOK = "payments-smoke";

  private static Moto.Own dockerless;
  private static AwsClients dockerlessAws;

  @BeforeAll
  static void startDockerlessMoto() {
    dockerless = Moto.startOwn();
    assertThat(dockerless.post("/moto-api/config", "{\"lambda\": {\"use_docker\": false}}")).isEqualTo(201);
    dockerlessAws = new AwsClients(dockerless.settings());
    String role;
    try (IamClient iam = IamClient.builder().region(software.amazon.awssdk.regions.Region.AWS_GLOBAL)
        .endpointOverride(dockerless.endpoint())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create()).build()) {
      role = iam.createRole(r -> r.roleName("payments-smoke-role").assumeRolePolicyDocument(
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
              + "\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")).role().arn();
    }
    dockerlessAws.lambda(EAST).createFunction(r -> r.functionName(HOOK).runtime(Runtime.PYTHON3_12)
        .handler("index.handler").role(role)
        .code(c -> c.zipFile(SdkBytes.fromByteArray(AwsFixtures.zip("smoke test")))));
  }

  @AfterAll
  static void stopDockerlessMoto() {
    dockerlessAws.close();
    dockerless.close();
  }

  @Test
  void givenAHookFunctionMotoDoesNotHold_theInvokeFailsNotFoundForGood() {
    try (AwsFixtures fixtures = new AwsFixtures()) {
      assertThatThrownBy(() -> run(fixtures.aws, HOOK)).cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
        assertThat(f.getType()).isEqualTo("NOT_FOUND");
        assertThat(f.isNonRetryable()).isTrue();
        assertThat(f.getOriginalMessage()).contains("Function not found").contains(HOOK).contains("us-east-1");
      });
    }
  }

  @Test
  void givenMotoAnswersSucceeded_theHookPasses() {
    answerNext("{\"status\": \"Succeeded\"}");

    HookResult result = run(dockerlessAws, HOOK);

    assertThat(result.passed()).isTrue();
  }

  @Test
  void givenMotoAnswersFailedWithAReason_theHookFailsWithIt() {
    answerNext("{\"status\": \"Failed\", \"reason\": \"test order was not confirmed\"}");

    HookResult result = run(dockerlessAws, HOOK);

    assertThat(result.passed()).isFalse();
    assertThat(result.reason()).isEqualTo("test order was not confirmed");
  }

  @Test
  void givenNothingQueued_motoAnswersWithTheEventItself_whichIsNoHookAnswer() {
    HookResult result = run(dockerlessAws, HOOK);

    assertThat(result.passed()).isFalse();
    assertThat(result.reason()).startsWith("answered {\"hook\":\"beforeTraffic\",\"releaseId\":\"release-payments-1.4.2\"")
        .contains("which is not a hook answer");
  }

  /** The next invoke in {@link #EAST} answers with this payload. */
  private static void answerNext(String payload) {
    String quoted = "\"" + payload.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    assertThat(dockerless.post("/moto-api/static/lambda-simple/response",
        "{\"results\": [" + quoted + "], \"region\": \"" + EAST + "\"}")).isEqualTo(201);
  }

  private static HookResult run(AwsClients aws, String function) {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(new AwsHookActivities(aws));
      HookActivities hooks = env.newActivityStub(HookActivities.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build());
      return hooks.runHook(new HookRequest(HookPoint.BEFORE_TRAFFIC, EAST, function, Duration.ofMinutes(1),
          "release-payments-1.4.2", "payments", "1.4.2", new AliasRef(EAST, "payments-api", "live"), "2", "1"));
    } finally {
      env.close();
    }
  }
}
