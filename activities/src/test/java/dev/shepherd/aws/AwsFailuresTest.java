package dev.shepherd.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.spec.Region;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import org.junit.jupiter.api.Test;

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
      "ResourceNotFoundException, 404, NOT_FOUND, false",
      "ParameterNotFound, 400, NOT_FOUND, false",
      "ValidationException, 400, INVALID_REQUEST, false",
      "InvalidParameterValueException, 400, INVALID_REQUEST, false",
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
