package dev.shepherd.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.spec.Region;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the AWS clients are configured: bounded calls, no SDK retries. */
class AwsClientsTest {

  @Test
  void everyCallIsBoundedInTimeSoThatAHungCallCannotOutliveItsActivity() {
    try (AwsClients aws = new AwsClients(AwsSettings.emulator(URI.create("http://127.0.0.1:1")))) {
      Region east = Region.of("us-east-1");
      for (var config : List.of(aws.lambda(east).serviceClientConfiguration().overrideConfiguration(),
          aws.cloudWatch(east).serviceClientConfiguration().overrideConfiguration(),
          aws.ssm(east).serviceClientConfiguration().overrideConfiguration(),
          aws.appConfig(east).serviceClientConfiguration().overrideConfiguration(),
          aws.codeBuild(east).serviceClientConfiguration().overrideConfiguration(),
          aws.s3(east).serviceClientConfiguration().overrideConfiguration(),
          aws.sns(east).serviceClientConfiguration().overrideConfiguration())) {
        assertThat(config.apiCallAttemptTimeout()).contains(Duration.ofSeconds(10));
        assertThat(config.apiCallTimeout()).contains(Duration.ofSeconds(15));
        assertThat(config.retryStrategy()).hasValueSatisfying(s -> assertThat(s.maxAttempts()).isEqualTo(1));
      }
    }
  }
}
