package dev.shepherd.aws;

import dev.shepherd.provider.HeartbeatingPoll;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.Region;
import io.temporal.failure.ApplicationFailure;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Calls to AWS from activities, and how their errors become activity failures. Permanent ones (access denied, not found, invalid) fail
 * non-retryably with a message naming the resource, the region and what to fix; what AWS says to retry
 * (throttling, {@link #TRANSIENT_ERROR_CODES}, 5xx) and network trouble are left to Temporal's retries.
 */
final class AwsFailures {

  /** The ApplicationFailure type of transient AWS errors (retried). */
  static final String TRANSIENT = "AWS_TRANSIENT";

  /**
   * Error codes that AWS answers with a 4xx status but that mean "try again later", each with where that
   * is said. The clients do not retry (Temporal does, see {@link AwsClients}), so the SDK's own retry
   * conditions never see these errors: this table carries them over. It holds the SDK's throttling and
   * retryable codes (software.amazon.awssdk.awscore.internal.AwsErrorCode, SDK 2.40; that class is internal
   * to the SDK, so its codes are copied here and AwsFailuresTest checks that none is missing) and the codes
   * that the services Shepherd calls document as retryable. {@link AwsServiceException#isThrottlingException()}
   * is asked too, so a throttling code that a newer SDK adds is retried before this table knows it.
   *
   * <p>Left out on purpose: quota errors that waiting does not fix (CloudWatch {@code LimitExceeded} is the
   * alarm quota of PutMetricAlarm; AppConfig {@code ServiceQuotaExceededException}), and the clock-skew
   * codes ({@code RequestTimeTooSkewed}, {@code RequestExpired}): they say the worker's clock is off, which
   * someone must fix; the release fails at once with the code rather than retrying for minutes.
   */
  static final Map<String, String> TRANSIENT_ERROR_CODES = Map.ofEntries(
      // The SDK's throttling codes (AwsErrorCode.THROTTLING_ERROR_CODES).
      Map.entry("Throttling", "SDK throttling code (Query-protocol services: CloudWatch, STS)"),
      Map.entry("ThrottlingException", "SDK throttling code (SSM, AppConfig, CodeBuild, ...)"),
      Map.entry("ThrottledException", "SDK throttling code"),
      Map.entry("RequestThrottledException", "SDK throttling code"),
      Map.entry("RequestThrottled", "SDK throttling code"),
      Map.entry("TooManyRequestsException", "SDK throttling code; Lambda's request-rate limit (HTTP 429)"),
      Map.entry("ProvisionedThroughputExceededException", "SDK throttling code"),
      Map.entry("TransactionInProgressException", "SDK throttling code"),
      Map.entry("RequestLimitExceeded", "SDK throttling code (EC2-style request rate)"),
      Map.entry("BandwidthLimitExceeded", "SDK throttling code"),
      Map.entry("EC2ThrottledException", "SDK throttling code; Lambda when EC2 throttles its network setup"),
      Map.entry("SlowDown", "SDK throttling code; S3 asks to reduce the request rate (HTTP 503)"),
      // The SDK's other retryable codes (AwsErrorCode.RETRYABLE_ERROR_CODES).
      Map.entry("PriorRequestNotComplete", "SDK retryable code"),
      Map.entry("RequestTimeout", "SDK retryable code; S3 closed an idle connection (HTTP 400)"),
      Map.entry("RequestTimeoutException", "SDK retryable code"),
      Map.entry("InternalError", "SDK retryable code; S3's internal error"),
      // What the services Shepherd calls document as "try again".
      Map.entry("TooManyUpdates", "SSM: another update of the same parameter is in progress (HTTP 400)"),
      Map.entry("ResourceConflictException", "Lambda: the function is being updated; retry when it is done (HTTP 409)"),
      Map.entry("ConflictException", "AppConfig: another deployment to the environment is in progress (HTTP 409)"),
      Map.entry("ConcurrentModificationException", "CloudWatch: a concurrent change to the same resource"),
      Map.entry("AccountLimitExceededException", "CodeBuild StartBuild: the account's build queue is full;"
          + " it drains as running builds finish"),
      Map.entry("OperationAborted", "S3: a conflicting operation on the same resource is in progress (HTTP 409)"),
      Map.entry("IDPCommunicationError", "STS: the identity provider could not be reached; retry (HTTP 400)"));

  private AwsFailures() {}

  /** Makes an AWS call; its error becomes a failure that names the action and the region. */
  static <T> T call(String action, Region region, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw translate(e, action, region);
    }
  }

  /** A wait that polls AWS every {@code interval}; an interrupted pause fails retryably. */
  static HeartbeatingPoll polling(java.time.Duration interval) {
    return HeartbeatingPoll.every(interval, "interrupted while waiting for AWS", TRANSIENT);
  }

  static ApplicationFailure translate(SdkException e, String action, Region region) {
    String where = action + " in " + region;
    if (e instanceof AwsServiceException ase) {
      String code = ase.awsErrorDetails() == null ? "" : String.valueOf(ase.awsErrorDetails().errorCode());
      String message = ase.awsErrorDetails() == null ? ase.getMessage() : ase.awsErrorDetails().errorMessage();
      int status = ase.statusCode();
      String lower = code.toLowerCase(Locale.ROOT);
      if (ase.isThrottlingException() || status >= 500 || TRANSIENT_ERROR_CODES.containsKey(code)) {
        return ApplicationFailure.newFailure(where + " failed for now (" + code + ", HTTP " + status + "): " + message
            + "; retrying", TRANSIENT);
      }
      if (status == 403 || lower.contains("accessdenied") || lower.contains("unauthorized")
          || lower.contains("unrecognizedclient") || lower.contains("invalidclienttoken")
          || lower.contains("expiredtoken")) {
        return FailureType.ACCESS_DENIED.failure(where + " was denied (" + code + "): " + message
            + ". Grant the worker's IAM role this permission in " + region + ".");
      }
      if (status == 404 || lower.contains("notfound") || lower.contains("nosuch")) {
        return FailureType.NOT_FOUND.failure(where + ": not found (" + code + "): " + message
            + ". Create it, or fix its name in the release spec.");
      }
      return FailureType.INVALID_REQUEST.failure(where + " was refused (" + code + ", HTTP " + status + "): "
          + message);
    }
    return ApplicationFailure.newFailure(where + " could not reach AWS: " + e.getMessage() + "; retrying", TRANSIENT);
  }
}
