package dev.shepherd.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.HookActivities;
import dev.shepherd.cloud.HookRequest;
import dev.shepherd.cloud.HookResult;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.Durations;
import dev.shepherd.spec.LambdaFunctionName;
import dev.shepherd.spec.Region;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Smoke-test hooks on AWS: the hook function is invoked synchronously (Lambda {@code Invoke}, RequestResponse)
 * in the request's region, with the event {@link HookRequest} describes, and its answer is read as CodeDeploy's
 * lifecycle hooks answer: {@code {"status": "Succeeded"}} passes; {@code {"status": "Failed", "reason": "..."}}
 * fails with that reason ({@code message} is read when there is no {@code reason}); the bare strings {@code
 * "Succeeded"} and {@code "Failed"} are read the same. Status words are matched without regard to case.
 * Anything else fails: a function error (with its {@code errorType} and {@code errorMessage}), an answer that is
 * none of these, and no answer within the hook's timeout.
 *
 * <p>A hook is invoked at most once per run, because it may not be idempotent (it may place a test order). An
 * invoke that did not reach the function is left to Temporal to retry: Lambda throttling ({@code
 * TooManyRequestsException}) and 5xx errors, and connections that could not be made. One that may have reached it
 * is never sent again: a connection lost while the hook ran, or an activity attempt that finds (in its heartbeat
 * details) that an earlier attempt sent the invoke and its worker was lost before the answer came, ends as a
 * failed hook whose reason says so. While it waits, the activity heartbeats every {@link #HEARTBEAT_INTERVAL}, so
 * a heartbeat timeout may be set on it.
 *
 * <p>A hook function named by an ARN of another region than the request's is refused ({@code INVALID_REQUEST}):
 * hooks are looked up by the same name in every region, as the deployed function is, and a hook in one region
 * testing a version deployed in another would pass or fail the wrong region. A function Lambda does not know is
 * {@code NOT_FOUND}; one the worker may not invoke, {@code ACCESS_DENIED}; both are non-retryable.
 */
public final class AwsHookActivities implements HookActivities {

  /**
   * How much longer than the hook's timeout the invoke may take before it is given up: the round trip to Lambda
   * and back, on top of the function's own run.
   */
  public static final Duration ANSWER_GRACE = Duration.ofSeconds(2);
  /** The longest reason a result carries, in characters. */
  public static final int MAX_REASON = 300;
  /** How often the activity heartbeats while it waits for the hook's answer. */
  public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
  /** The heartbeat detail of an attempt that has sent the invoke. */
  static final String INVOKE_SENT = "invoke sent";
  /** The heartbeat detail of an attempt whose invoke did not reach Lambda: the next attempt may send it. */
  static final String INVOKE_NOT_SENT = "invoke not sent";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AwsClients aws;
  private final Duration heartbeatInterval;
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "hook-heartbeats");
    t.setDaemon(true);
    return t;
  });

  public AwsHookActivities(AwsClients aws) {
    this(aws, HEARTBEAT_INTERVAL);
  }

  /** Heartbeating at another interval than {@link #HEARTBEAT_INTERVAL} (tests with short heartbeat timeouts). */
  AwsHookActivities(AwsClients aws, Duration heartbeatInterval) {
    this.aws = aws;
    this.heartbeatInterval = heartbeatInterval;
  }

  @Override
  public HookResult runHook(HookRequest request) {
    Region region = request.region();
    String function = request.hookFunction();
    LambdaFunctionName name = LambdaFunctionName.parse(function).orElseThrow(() -> FailureType.INVALID_REQUEST
        .failure("hook " + request.point().key() + " names \"" + function + "\", which is not a Lambda function"
            + " name or ARN"));
    if (name.region() != null && !name.region().equals(region)) {
      throw FailureType.INVALID_REQUEST.failure("hook " + request.point().key() + " function " + function + " is in "
          + name.region() + ", but it would test the release in " + region + ": name the hook function by its name"
          + " alone (" + name.name() + (name.qualifier() == null ? "" : ":" + name.qualifier()) + "), the same in"
          + " every region");
    }
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    var before = ctx.getHeartbeatDetails(String.class);
    // A later attempt invokes again only when an earlier one recorded that its invoke never went out: a
    // heartbeat saying it was sent may itself have been lost with its worker.
    boolean maybeSent = before.filter(INVOKE_SENT::equals).isPresent()
        || (ctx.getInfo().getAttempt() > 1 && before.filter(INVOKE_NOT_SENT::equals).isEmpty());
    if (maybeSent) {
      return new HookResult(false, "an earlier attempt invoked the hook and was lost before its answer came (its"
          + " worker stopped); whether it passed is unknown, and a hook is not invoked twice", 0);
    }
    byte[] event = event(request);
    Duration limit = request.timeout().plus(ANSWER_GRACE);
    String action = "invoke " + request.point().key() + " hook " + function;
    ctx.heartbeat(INVOKE_SENT);
    ScheduledFuture<?> beating = heartbeats.scheduleAtFixedRate(() -> beat(ctx), heartbeatInterval.toMillis(),
        heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS);
    long start = System.nanoTime();
    InvokeResponse response;
    try {
      response = aws.lambdaInvoke(region).invoke(r -> r.functionName(function)
          .invocationType(InvocationType.REQUEST_RESPONSE)
          .payload(SdkBytes.fromByteArray(event))
          .overrideConfiguration(o -> o.apiCallTimeout(limit).apiCallAttemptTimeout(limit)));
    } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
      return failed("did not answer within " + Durations.format(request.timeout()), start);
    } catch (AwsServiceException e) {
      // Lambda answered the invoke itself with an error: the function did not run (throttled, not found,
      // denied, not ready), so the invoke may be sent again when the error is one to retry.
      beating.cancel(false);
      ctx.heartbeat(INVOKE_NOT_SENT);
      throw AwsFailures.translate(e, action, region);
    } catch (SdkClientException e) {
      if (neverSent(e)) {
        beating.cancel(false);
        ctx.heartbeat(INVOKE_NOT_SENT);
        throw AwsFailures.translate(e, action, region);
      }
      return failed("the connection to Lambda was lost while the hook ran (" + e.getMessage() + "); whether it"
          + " passed is unknown, and a hook is not invoked twice", start);
    } finally {
      beating.cancel(false);
    }
    return answer(response, millisSince(start));
  }

  /** The hook's event, as {@link HookRequest} documents it. */
  static byte[] event(HookRequest request) {
    ObjectNode e = JSON.createObjectNode();
    AliasRef deployed = request.alias();
    e.put("hook", request.point().key());
    e.put("releaseId", request.releaseId());
    e.put("application", request.application());
    e.put("version", request.version());
    e.put("region", request.region().code());
    e.put("function", deployed == null ? null : deployed.function());
    e.put("alias", deployed == null ? null : deployed.alias());
    e.put("newVersion", request.newVersion());
    e.put("previousVersion", request.previousVersion());
    try {
      return JSON.writeValueAsBytes(e);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** Reads what the function answered. */
  static HookResult answer(InvokeResponse response, long millis) {
    String payload = response.payload() == null ? "" : response.payload().asUtf8String();
    if (response.functionError() != null) {
      return new HookResult(false, reason("raised a function error (" + response.functionError() + "): "
          + functionError(payload)), millis);
    }
    JsonNode node = parse(payload);
    String status = null;
    String said = null;
    if (node == null) {
      status = payload.trim();
    } else if (node.isTextual()) {
      status = node.asText();
    } else if (node.isObject()) {
      status = text(field(node, "status"));
      said = text(field(node, "reason"));
      if (said == null || said.isBlank()) {
        said = text(field(node, "message"));
      }
    }
    String word = status == null ? "" : status.trim().toLowerCase(Locale.ROOT);
    boolean blank = said == null || said.isBlank();
    return switch (word) {
      case "succeeded" -> new HookResult(true, reason(blank ? "Succeeded" : said), millis);
      case "failed" -> new HookResult(false, reason(blank ? "answered Failed, without a reason" : said), millis);
      default -> new HookResult(false, reason("answered " + (payload.isBlank() ? "nothing" : abbreviate(payload, 120))
          + ", which is not a hook answer: answer {\"status\": \"Succeeded\"} or {\"status\": \"Failed\","
          + " \"reason\": \"...\"}"), millis);
    };
  }

  /** {@code errorType: errorMessage} of Lambda's function-error payload, or the payload as it is. */
  private static String functionError(String payload) {
    JsonNode node = parse(payload);
    if (node != null && node.isObject()) {
      String type = text(node.get("errorType"));
      String message = text(node.get("errorMessage"));
      if (message != null) {
        return type == null ? message : type + ": " + message;
      }
    }
    return payload.isBlank() ? "no message" : payload;
  }

  /** A field of an object by its name in any case: {@code status}, {@code Status}, {@code STATUS}. */
  private static JsonNode field(JsonNode object, String name) {
    JsonNode exact = object.get(name);
    if (exact != null) {
      return exact;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().equalsIgnoreCase(name)) {
        return f.getValue();
      }
    }
    return null;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.isValueNode() ? node.asText() : node.toString();
  }

  private static JsonNode parse(String payload) {
    if (payload.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(payload);
    } catch (JsonProcessingException notJson) {
      return null;
    }
  }

  /** One line of at most {@link #MAX_REASON} characters. */
  static String reason(String text) {
    return abbreviate(text, MAX_REASON);
  }

  private static String abbreviate(String text, int max) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }

  /**
   * Whether the invoke failed before any of it was sent: no connection could be made, so Lambda cannot have
   * run the function. Any other client-side failure may have happened after Lambda received the invoke.
   */
  private static boolean neverSent(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || t instanceof SSLHandshakeException
          || (t instanceof SocketTimeoutException && String.valueOf(t.getMessage()).contains("connect timed out"))) {
        return true;
      }
    }
    return false;
  }

  private static void beat(ActivityExecutionContext ctx) {
    try {
      ctx.heartbeat(INVOKE_SENT);
    } catch (RuntimeException cancelledOrTimedOut) {
      // The activity's outcome is decided by the invoke; a heartbeat that fails changes nothing here.
    }
  }

  private static HookResult failed(String reason, long start) {
    return new HookResult(false, reason(reason), millisSince(start));
  }

  private static long millisSince(long nanoStart) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoStart);
  }
}
