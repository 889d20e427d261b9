package dev.shepherd.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.cloud.Notification;
import dev.shepherd.cloud.NotificationKind;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a notification reads: subject, text, the approve command and the Web UI link. */
class NotificationMessageTest {

  private static final NotificationSettings DEFAULTS = NotificationSettings.none();

  @Test
  void onTheCliDefaultsTheApproveCommandHasNoConnectionOptions() {
    NotificationMessage m = NotificationMessage.of(TestNotifications.gateWaiting(1, null, null), DEFAULTS);

    assertThat(m.approveCommand()).isEqualTo("shepherd approve payments/1.4.2 --gate rest");
    assertThat(m.webUiLink()).as("no Web UI configured").isNull();
    assertThat(m.plainText()).contains("Approve it: shepherd approve payments/1.4.2 --gate rest\n")
        .doesNotContain("Web UI");
  }

  @Test
  void anotherServerAndNamespaceAreInTheApproveCommand() {
    NotificationSettings settings = NotificationSettings.of(Map.of(), null, "temporal.prod:7233", "ignored");
    Notification n = TestNotifications.inNamespace(TestNotifications.gateWaiting(1, null, null), "payments-prod");

    assertThat(NotificationMessage.of(n, settings).approveCommand()).isEqualTo(
        "shepherd approve payments/1.4.2 --gate rest --address temporal.prod:7233 --namespace payments-prod");
  }

  @Test
  void theWorkersNamespaceIsUsedWhenTheNotificationNamesNone() {
    NotificationSettings settings = NotificationSettings.of(Map.of(), URI.create("http://localhost:8233"),
        NotificationSettings.DEFAULT_ADDRESS, "payments-prod");
    Notification n = TestNotifications.inNamespace(TestNotifications.gateWaiting(1, null, null), null);

    NotificationMessage m = NotificationMessage.of(n, settings);

    assertThat(m.approveCommand()).endsWith("--gate rest --namespace payments-prod");
    assertThat(m.webUiLink()).startsWith("http://localhost:8233/namespaces/payments-prod/");
  }

  @Test
  void wordsAShellWouldSplitOrExpandAreQuoted() {
    Notification g = TestNotifications.gateWaiting(1, null, null);
    Notification n = new Notification(g.id(), g.kind(), false, "default", g.workflowId(), g.runId(), "payments",
        "1.4.2 rc's", "rest", g.title(), g.text(), null, null);

    assertThat(NotificationMessage.of(n, DEFAULTS).approveCommand())
        .isEqualTo("shepherd approve 'payments/1.4.2 rc'\\''s' --gate rest");
  }

  @Test
  void theLinkEncodesTheWorkflowIdAndNamesTheRun() {
    NotificationSettings settings = NotificationSettings.of(Map.of(), URI.create("https://ui.example.com/temporal/"),
        null, null);

    assertThat(NotificationMessage.of(TestNotifications.gateWaiting(1, null, null), settings).webUiLink()).isEqualTo(
        "https://ui.example.com/temporal/namespaces/default/workflows/release%2Fpayments%2F1.4.2/"
            + TestNotifications.RUN_ID + "/history");
  }

  @Test
  void onlyAWaitingGateHasAnApproveCommand() {
    for (NotificationKind kind : NotificationKind.values()) {
      Notification g = TestNotifications.gateWaiting(1, null, null);
      Notification n = new Notification(g.id(), kind, false, "default", g.workflowId(), g.runId(), "payments",
          "1.4.2", "rest", g.title(), g.text(), null, null);
      assertThat(NotificationMessage.of(n, DEFAULTS).approveCommand()).as(kind.name())
          .matches(c -> (kind == NotificationKind.GATE_WAITING) == (c != null));
    }
  }

  @Test
  void theSubjectIsOneLineOfFewerThan100CharactersCutBetweenCharacters() {
    String title = "payments 1.4.2:\tgate rest\nwaits " + "x".repeat(80) + "\uD83D\uDE80 and more";
    Notification n = TestNotifications.titled(TestNotifications.rollbackFailed(1, null, null), title);

    String subject = NotificationMessage.of(n, DEFAULTS).subject();

    assertThat(subject).startsWith("URGENT: payments 1.4.2: gate rest waits xxx").endsWith("…")
        .doesNotContain("\n", "\t");
    assertThat(subject.codePointCount(0, subject.length())).isEqualTo(NotificationMessage.MAX_SUBJECT_LENGTH);
    assertThat(subject.chars().filter(c -> Character.isSurrogate((char) c)).count() % 2).as("no half of a character").isZero();
  }

  @Test
  void theWebhookTextEscapesWhatSlackReadsAsMarkup() {
    Notification n = TestNotifications.titled(TestNotifications.gateWaiting(1, null, null),
        "payments 1.4.2: p99 > 300ms & <rising>");

    assertThat(NotificationMessage.of(n, DEFAULTS).webhookText())
        .startsWith("payments 1.4.2: p99 &gt; 300ms &amp; &lt;rising&gt;\n");
  }
}
