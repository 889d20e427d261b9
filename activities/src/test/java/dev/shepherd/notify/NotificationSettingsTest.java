package dev.shepherd.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The worker's webhooks: NAME=URL, checked without ever repeating the URL. */
class NotificationSettingsTest {

  private static final String SECRET = "T0AAA/B0BBB/s3cr3tT0ken";

  @Test
  void aWebhookIsANameAndAnHttpsUrl() {
    var webhook = NotificationSettings.parseWebhook("ops-alerts=https://hooks.slack.com/services/" + SECRET);

    assertThat(webhook.getKey()).isEqualTo("ops-alerts");
    assertThat(webhook.getValue()).isEqualTo(URI.create("https://hooks.slack.com/services/" + SECRET));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://hooks.slack.com/services/" + SECRET,
      "ops=ftp://hooks.slack.com/services/" + SECRET,
      "ops=hooks.slack.com/services/" + SECRET,
      "ops=https:///services/" + SECRET,
      "ops=https://hooks.slack.com/services/" + SECRET + " x",
      "https://hooks.slack.com/services/" + SECRET + "?x=1",
      "Ops=https://hooks.slack.com/services/" + SECRET,
      "=https://hooks.slack.com/services/" + SECRET})
  void aBadWebhookIsRefusedWithoutRepeatingItsUrl(String given) {
    assertThatThrownBy(() -> NotificationSettings.parseWebhook(given))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("hooks.slack.com"));
  }

  @Test
  void aBadNameIsNamedWhenItCannotBePartOfTheUrl() {
    assertThatThrownBy(() -> NotificationSettings.parseWebhook("Ops!=https://hooks.slack.com/services/" + SECRET))
        .hasMessageStartingWith("\"Ops!\" is not a webhook name: 1-63 lower-case letters");
    assertThatThrownBy(() -> NotificationSettings.parseWebhook("ops=ftp://example.com/" + SECRET))
        .hasMessageStartingWith("the URL of webhook ops is not an http(s) URL");
    assertThatThrownBy(() -> NotificationSettings.parseWebhook("ops="))
        .hasMessage("webhook ops has no URL; give ops=URL");
  }

  @Test
  void settingsPrintTheWebhooksNamesOnly() {
    NotificationSettings settings = NotificationSettings.of(
        Map.of("ops", URI.create("https://hooks.slack.com/services/" + SECRET)), null, null, null);

    assertThat(settings.toString()).contains("webhooks=[ops]").doesNotContain(SECRET);
    assertThat(settings.temporalAddress()).isEqualTo("127.0.0.1:7233");
    assertThat(settings.namespace()).isEqualTo("default");
    assertThat(settings.program()).isEqualTo("shepherd");
  }

  @Test
  void settingsRefuseAWebhookThatIsNotHttpWithoutRepeatingIt() {
    assertThatThrownBy(() -> NotificationSettings.of(Map.of("ops", URI.create("file:///etc/" + SECRET)), null, null,
        null)).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(SECRET);
  }
}
