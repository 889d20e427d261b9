package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.notify.NotificationSettings;
import dev.shepherd.worker.TemporalConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The worker's notification options, {@code --webhook NAME=URL} (or {@code SHEPHERD_WEBHOOKS}) and {@code --web-ui}:
 * a bad one exits 2 naming the option before anything connects, and a webhook's URL, a secret, is never printed.
 */
class WorkerNotificationOptionsTest {

  private static final String SECRET = "T0AAAA/B0BBBB/s3cr3tT0kenXYZ";
  private static final String URL = "https://hooks.slack.com/services/" + SECRET;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--webhook " + URL + "                               | --webhook: expected NAME=URL",
      "--webhook Ops=" + URL + "                           | --webhook: \"Ops\" is not a webhook name",
      "--webhook ops-alerts!=" + URL + "                   | --webhook: \"ops-alerts!\" is not a webhook name",
      "--webhook ops=ftp://hooks.slack.com/" + SECRET + "  | --webhook: the URL of webhook ops is not an http(s) URL",
      "--webhook ops=hooks.slack.com/" + SECRET + "        | --webhook: the URL of webhook ops is not an http(s) URL",
      "--webhook ops=                                      | --webhook: webhook ops has no URL",
      "--webhook ops=" + URL + " --webhook ops=" + URL + " | --webhook: webhook ops is given twice",
  })
  void aBadWebhookExitsTwoNamingTheOptionAndNotItsUrl(String options, String said) {
    var r = Cli.run(("worker " + options.strip()).split(" "));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).as(r.toString()).startsWith("shepherd: " + said).doesNotContain(SECRET)
        .doesNotContain("hooks.slack.com").doesNotContain("cannot reach").doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aBadWebhookInTheEnvironmentExitsTwoNamingTheVariableAndNotItsUrl() {
    var r = Cli.run(Map.of("USER", "carol", "SHEPHERD_WEBHOOKS", "ops=" + URL + ",dev=file:///" + SECRET), "worker");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).startsWith("shepherd: SHEPHERD_WEBHOOKS: the URL of webhook dev is not an http(s) URL")
        .doesNotContain(SECRET);
  }

  @Test
  void aWebUiThatIsNotHttpExitsTwoNamingTheOption() {
    var r = Cli.run("worker", "--web-ui", "temporal.example.com:8233");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).startsWith("shepherd: --web-ui: \"temporal.example.com:8233\" is not the http(s) URL of a Web UI");
  }

  @Test
  void aMistypedWebhookOptionDoesNotPrintTheUrlBack() {
    var r = Cli.run("worker", "--webhok", "ops=" + URL);
    var joined = Cli.run("worker", "--webhok=ops=" + URL);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--webhok").contains("Possible solutions: --webhook").doesNotContain(SECRET);
    assertThat(joined.exitCode()).as(joined.toString()).isEqualTo(2);
    assertThat(joined.err()).contains("--webhok").doesNotContain(SECRET);
    var bare = Cli.run("worker", URL);
    assertThat(bare.exitCode()).as(bare.toString()).isEqualTo(2);
    assertThat(bare.err()).contains("Unmatched argument").doesNotContain(SECRET);
  }

  @Test
  void goodWebhooksAreAcceptedAndThenTheWorkerNeedsTemporal() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    var r = Cli.run(Map.of("USER", "carol", "SHEPHERD_WEBHOOKS", "dev=http://127.0.0.1:9/" + SECRET),
        "worker", "--webhook", "ops=" + URL, "--webhook", "payments_alerts=" + URL + "?channel=2",
        "--web-ui", "https://temporal.example.com", "--address", "127.0.0.1:" + closed);

    assertThat(r.exitCode()).as("accepted, then Temporal is not there: " + r).isEqualTo(3);
    assertThat(r.out() + r.err()).doesNotContain(SECRET);
  }

  @Test
  void theWorkerHelpDescribesTheNotificationOptions() {
    String help = Cli.run("worker", "--help").out().replaceAll("\\s+", " ");

    assertThat(help).contains("--webhook=NAME=URL").contains("notifications.webhook").contains("SHEPHERD_WEBHOOKS")
        .contains("--web-ui=URL").contains("SHEPHERD_WEB_UI");
  }

  /** The notification activities cannot see the CLI's constant (another module): they keep a copy. */
  @Test
  void theApproveCommandLeavesOutTheAddressTheCliUsesByDefault() {
    assertThat(NotificationSettings.DEFAULT_ADDRESS).isEqualTo(TemporalConnection.DEFAULT_ADDRESS);
  }
}
