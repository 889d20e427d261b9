package dev.shepherd.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.spec.Region;
import io.temporal.failure.ApplicationFailure;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.internal.AwsErrorCode;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ssm.model.TooManyUpdatesException;

/**
 * How AWS errors become activity failures: permanent ones fail at once with the resource, the region and
 * what to fix; transient ones are left to Temporal's retries. The errors are the SDK's own exception
 * types, as its unmarshallers build them.
 */
class AwsFailuresTest {

  private static final Region WEST = Region.of("eu-west-1");

  @ParameterizedTest(name = "{0} (HTTP {1}) -> {2}, retryable={3}")
  @CsvSource({
      "AccessDeniedException, 403, ACCESS_DENIED, false",
      "UnrecognizedClientException, 403, ACCESS_DENIED, false",
      "AccessDenied, 403, ACCESS_DENIED, false",
      "ResourceNotFoundException, 404, NOT_FOUND, false",
      "ParameterNotFound, 400, NOT_FOUND, false",
      "ValidationException, 400, INVALID_REQUEST, false",
      "InvalidParameterValueException, 400, INVALID_REQUEST, false",
      // Quotas that waiting does not raise, and a skewed clock: failing at once says what to fix.
      "LimitExceeded, 400, INVALID_REQUEST, false",
      "ServiceQuotaExceededException, 402, INVALID_REQUEST, false",
      "RequestExpired, 400, INVALID_REQUEST, false",
      "ThrottlingException, 400, AWS_TRANSIENT, true",
      "TooManyRequestsException, 429, AWS_TRANSIENT, true",
      "ResourceConflictException, 409, AWS_TRANSIENT, true",
      "ServiceException, 500, AWS_TRANSIENT, true",
      "ServiceUnavailable, 503, AWS_TRANSIENT, true",
  })
  void awsErrorsAreClassified(String code, int status, String type, boolean retryable) {
    AwsServiceException e = AwsServiceException.builder()
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("the service said no").build())
        .build();
    ApplicationFailure f = AwsFailures.translate(e, "update alias live of payments-api", WEST);
    assertThat(f.getType()).isEqualTo(type);
    assertThat(f.isNonRetryable()).isEqualTo(!retryable);
    assertThat(f.getOriginalMessage()).contains("update alias live of payments-api in eu-west-1")
        .contains("the service said no");
  }

  /**
   * What AWS says to retry, with the 400 that most of these codes come with (so neither the status nor
   * the SDK's throttling check alone makes them transient): the SDK's throttling and retryable codes and
   * the codes that the services Shepherd calls document as retryable.
   */
  @ParameterizedTest(name = "{0} (HTTP 400) is retried")
  @ValueSource(strings = {
      // The AWS SDK's throttling codes.
      "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "RequestThrottled",
      "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
      "RequestLimitExceeded", "BandwidthLimitExceeded", "EC2ThrottledException", "SlowDown",
      // The AWS SDK's other retryable codes.
      "PriorRequestNotComplete", "RequestTimeout", "RequestTimeoutException", "InternalError",
      // SSM, Lambda, AppConfig, CloudWatch, CodeBuild, S3 and STS.
      "TooManyUpdates", "ResourceConflictException", "ConflictException", "ConcurrentModificationException",
      "AccountLimitExceededException", "OperationAborted", "IDPCommunicationError",
  })
  void whatAwsSaysToRetryIsRetried(String code) {
    ApplicationFailure f = AwsFailures.translate(serviceError(code, 400), "set SSM parameter /payments/flag", WEST);
    assertThat(f.getType()).isEqualTo(AwsFailures.TRANSIENT);
    assertThat(f.isNonRetryable()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("theSdksRetryableCodes")
  void theTableHoldsEveryCodeTheSdkRetries(String code) {
    assertThat(AwsFailures.TRANSIENT_ERROR_CODES).containsKey(code);
  }

  /** The SDK's own lists: when an SDK upgrade adds a code, the test above names it. */
  static Stream<String> theSdksRetryableCodes() {
    return Stream.concat(AwsErrorCode.THROTTLING_ERROR_CODES.stream(), AwsErrorCode.RETRYABLE_ERROR_CODES.stream());
  }

  @Test
  void givenSsmSaysTooManyUpdates_whenAFlagIsSet_itIsRetried() {
    // As the SSM client's unmarshaller builds it for {"__type":"TooManyUpdates"} with HTTP 400.
    AwsServiceException e = TooManyUpdatesException.builder().statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("TooManyUpdates").serviceName("Ssm")
            .errorMessage("There are concurrent updates for a resource that supports one update at a time.").build())
        .build();
    ApplicationFailure f = AwsFailures.translate(e, "set SSM parameter /payments/flags/new-checkout", WEST);
    assertThat(f.getType()).isEqualTo(AwsFailures.TRANSIENT);
    assertThat(f.isNonRetryable()).isFalse();
  }

  private static AwsServiceException serviceError(String code, int status) {
    return AwsServiceException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("try again").build())
        .build();
  }

  @Test
  void accessDeniedSaysWhatToFix() {
    AwsServiceException e = AwsServiceException.builder().statusCode(403)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").errorMessage("no").build())
        .build();
    assertThat(AwsFailures.translate(e, "publish a version of payments-api", WEST).getOriginalMessage())
        .contains("Grant the worker's IAM role this permission in eu-west-1");
  }

  @Test
  void networkTroubleIsRetried() {
    ApplicationFailure f = AwsFailures.translate(SdkClientException.create("Connection refused"), "read alias", WEST);
    assertThat(f.isNonRetryable()).isFalse();
    assertThat(f.getOriginalMessage()).contains("could not reach AWS").contains("Connection refused");
  }
}
