package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where Web UI links point: --ui-url, SHEPHERD_UI_URL, or a guess from the server's address. */
class WebUiLinkTest {

  private static final String ID = "release/payments/1.4.5";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "127.0.0.1:7233, http://127.0.0.1:8233",
      "127.0.0.1:7243, http://127.0.0.1:8243",
      "localhost:7000, http://127.0.0.1:8000",
      "temporal.internal, http://temporal.internal:8233",
      "payments.a1b2c.tmprl.cloud:7233, https://cloud.temporal.io"})
  void withNothingConfigured_theLinkIsTheDevServersUiOnTheServersPortPlusAThousand(String address, String ui) {
    assertThat(WebUi.workflowLink(WebUi.configured(null, Map.of()), address, "default", ID))
        .isEqualTo(ui + "/namespaces/default/workflows/release%2Fpayments%2F1.4.5");
  }

  @Test
  void theUiUrlOptionWinsOverTheEnvironmentWhichWinsOverTheGuess() {
    Map<String, String> env = Map.of("SHEPHERD_UI_URL", "https://ui.example.com/temporal/");
    assertThat(WebUi.workflowLink(WebUi.configured(null, env), "127.0.0.1:7243", "prod ns", ID))
        .isEqualTo("https://ui.example.com/temporal/namespaces/prod%20ns/workflows/release%2Fpayments%2F1.4.5");
    assertThat(WebUi.workflowLink(WebUi.configured("http://127.0.0.1:9999", env), "127.0.0.1:7243", "default", ID))
        .startsWith("http://127.0.0.1:9999/namespaces/default/");
  }

  @Test
  void aUiUrlThatIsNotAnHttpUrlExitsTwoNamingWhereItCameFrom_beforeAnythingIsAsked() {
    var r = Cli.run(Map.of("USER", "carol"), "status", "payments/1.4.5", "--ui-url", "127.0.0.1:8243",
        "--address", "127.0.0.1:1");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--ui-url: \"127.0.0.1:8243\" is not the http(s) URL of a Web UI");
    var fromEnv = Cli.run(Map.of("USER", "carol", "SHEPHERD_UI_URL", "ftp://ui"), "start", "-f",
        "../examples/demo.yaml", "--version", "1.4.5", "--address", "127.0.0.1:1");
    assertThat(fromEnv.exitCode()).as(fromEnv.toString()).isEqualTo(2);
    assertThat(fromEnv.err()).contains("SHEPHERD_UI_URL: \"ftp://ui\" is not the http(s) URL");
    assertThatThrownBy(() -> WebUi.configured("https://ui.example.com/?q=1", Map.of()))
        .isInstanceOf(CliException.class);
  }
}
