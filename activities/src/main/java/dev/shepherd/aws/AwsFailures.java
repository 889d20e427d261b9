package dev.shepherd.aws;

import dev.shepherd.release.FailureType;
import dev.shepherd.spec.Region;
import io.temporal.failure.ApplicationFailure;
import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Calls to AWS from activities, and how their errors become activity failures. Permanent ones (access denied, not found, invalid) fail
 * non-retryably with a message naming the resource, the region and what to fix; throttling, 5xx and
 * network trouble are left to Temporal's retries.
 */
final class AwsFailures {

  /** The ApplicationFailure type of transient AWS errors (retried). */
  static final String TRANSIENT = "AWS_TRANSIENT";

  private AwsFailures() {}

  /** Makes an AWS call; its error becomes a failure that names the action and the region. */
  static <T> T call(String action, Region region, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw translate(e, action, region);
    }
  }

  /** Waits between polls; an interrupted wait fails retryably. */
  static void pause(java.time.Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while waiting for AWS", TRANSIENT);
    }
  }

  static ApplicationFailure translate(SdkException e, String action, Region region) {
    String where = action + " in " + region;
    if (e instanceof AwsServiceException ase) {
      String code = ase.awsErrorDetails() == null ? "" : String.valueOf(ase.awsErrorDetails().errorCode());
      String message = ase.awsErrorDetails() == null ? ase.getMessage() : ase.awsErrorDetails().errorMessage();
      int status = ase.statusCode();
      String lower = code.toLowerCase(Locale.ROOT);
      if (ase.isThrottlingException() || status >= 500 || lower.contains("conflict") || lower.contains("toomanyrequests")) {
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
