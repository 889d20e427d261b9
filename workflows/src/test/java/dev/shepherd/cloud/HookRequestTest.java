package dev.shepherd.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.spec.Region;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A hook's request is an activity input recorded in histories: its JSON keeps the key it was recorded with
 * ({@code target}) now that the field is named for what it is, the deployed alias.
 */
class HookRequestTest {

  private static final AliasRef ALIAS = new AliasRef(Region.of("us-east-1"), "payments-api", "live");

  @Test
  void theDeployedAliasTravelsAsTarget_andIsReadBackFromIt() {
    HookRequest request = new HookRequest(HookPoint.BEFORE_TRAFFIC, Region.of("us-east-1"), "payments-smoke",
        Duration.ofMinutes(1), "release/payments/1.4.2", "payments", "1.4.2", ALIAS, "2", "1");
    Payload payload = DefaultDataConverter.STANDARD_INSTANCE.toPayload(request).orElseThrow();
    String json = payload.getData().toString(StandardCharsets.UTF_8);
    assertThat(json).contains("\"target\":{").doesNotContain("\"alias\":{");

    HookRequest read = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, HookRequest.class, HookRequest.class);
    assertThat(read.alias()).isEqualTo(ALIAS);
    assertThat(read).isEqualTo(request);
  }
}
