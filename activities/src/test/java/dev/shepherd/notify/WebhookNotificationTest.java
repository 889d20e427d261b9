package dev.shepherd.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.aws.AwsClients;
import dev.shepherd.aws.AwsSettings;
import dev.shepherd.cloud.Notification;
import dev.shepherd.cloud.NotificationResult;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** Notifications to a Slack-compatible incoming webhook: a local server that records what it is sent. */
class WebhookNotificationTest {

  private static final Duration CONNECT = Duration.ofMillis(500);
  private static final Duration ANSWER = Duration.ofMillis(700);

  private WebhookServer webhook;
  private AwsClients aws;
  private ChannelNotificationActivities notifications;
  /** Every outcome and failure message the tests saw: none may hold the webhook's URL. */
  private final List<String> said = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void setUp() throws IOException {
    webhook = new WebhookServer();
    // No SNS here: the clients are never used.
    aws = new AwsClients(AwsSettings.emulator(URI.create("http://127.0.0.1:9")));
    notifications = new ChannelNotificationActivities(aws, new NotificationSettings(Map.of("ops", webhook.url()),
        URI.create("http://localhost:8233"), "temporal.internal:7233", "default", "shepherd", CONNECT, ANSWER));
    logged.start();
    ((Logger) LoggerFactory.getLogger(ChannelNotificationActivities.class)).addAppender(logged);
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger(ChannelNotificationActivities.class)).detachAppender(logged);
    webhook.close();
    aws.close();
    String url = webhook.url().toString();
    List<String> logLines = logged.list.stream().map(e -> e.getFormattedMessage()
        + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
    for (String text : concat(said, logLines)) {
      assertThat(text).as("a webhook's URL is a secret").doesNotContain(url).doesNotContain("s3cr3tT0ken")
          .doesNotContain(WebhookServer.SECRET_PATH);
    }
  }

  @Test
  void aWaitingGateIsPostedAsSlackJsonWithItsIdHeaderTheApproveCommandAndTheWebUiLink() throws IOException {
    Notification n = TestNotifications.gateWaiting(1, null, "ops");

    NotificationResult result = send(n);

    assertThat(result.outcomes()).containsExactly("webhook ops: sent (HTTP 200)");
    assertThat(webhook.received()).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.path()).isEqualTo(WebhookServer.SECRET_PATH);
      assertThat(r.contentType()).startsWith("application/json");
      assertThat(r.notificationId()).isEqualTo(n.id());
    });
    JsonNode body = new ObjectMapper().readTree(webhook.received().getFirst().body());
    assertThat(body.properties()).extracting(Map.Entry::getKey).containsExactly("text");
    assertThat(body.path("text").asText())
        .startsWith("payments 1.4.2: gate rest waits for approval\n")
        .contains("Wave 2 (eu-west-1, ap-southeast-2) waits for the gate rest.")
        .contains("Approve it: `shepherd approve payments/1.4.2 --gate rest --address temporal.internal:7233`")
        .contains("Temporal Web UI: http://localhost:8233/namespaces/default/workflows/release%2Fpayments%2F1.4.2/"
            + TestNotifications.RUN_ID + "/history");
  }

  @Test
  void aFailedRollbackIsMarkedUrgent() throws IOException {
    send(TestNotifications.rollbackFailed(7, null, "ops"));

    String text = new ObjectMapper().readTree(webhook.received().getFirst().body()).path("text").asText();
    assertThat(text).startsWith(":rotating_light: URGENT: payments 1.4.2: ROLLBACK_FAILED in eu-west-1\n")
        .doesNotContain("Approve it");
  }

  @Test
  void a429IsRetriedAndTheRetryPostsItOnce() {
    webhook.answer(429, "rate_limited");
    Notification n = TestNotifications.gateWaiting(2, null, "ops");

    assertThatThrownBy(() -> send(n)).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      said.add(f.getMessage());
      assertThat(f.getType()).isEqualTo(ChannelNotificationActivities.NOT_DELIVERED);
      assertThat(f.isNonRetryable()).isFalse();
      assertThat(f.getOriginalMessage()).contains("webhook ops: not delivered: HTTP 429 \"rate_limited\"");
    });
    assertThat(send(n).outcomes()).containsExactly("webhook ops: sent (HTTP 200)");
    assertThat(send(n).outcomes()).as("a third attempt").containsExactly("webhook ops: sent (HTTP 200)");

    assertThat(webhook.accepted()).hasSize(1);
    assertThat(webhook.received()).extracting(WebhookServer.Received::status).containsExactly(429, 200);
  }

  @Test
  void a503IsRetriedAsSlackDidNotProcessIt() {
    webhook.answer(503, "service_unavailable");
    Notification n = TestNotifications.gateWaiting(3, null, "ops");

    assertThatThrownBy(() -> send(n)).isInstanceOfSatisfying(ApplicationFailure.class,
        f -> assertThat(f.isNonRetryable()).isFalse());
    send(n);

    assertThat(webhook.received()).extracting(WebhookServer.Received::status).containsExactly(503, 200);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {500, 502, 504})
  void anotherServerErrorIsAnUnknownOutcomeThatIsReturnedAndNotPostedAgain(int status) {
    webhook.answer(status, "rollup_error");
    Notification n = TestNotifications.gateWaiting(4, null, "ops");

    NotificationResult first = send(n);
    NotificationResult retried = send(n);

    assertThat(first.outcomes()).singleElement().asString().startsWith("webhook ops: outcome unknown: HTTP " + status)
        .contains("not sent again");
    assertThat(retried).isEqualTo(first);
    assertThat(webhook.received()).hasSize(1);
  }

  @Test
  void aRefusalIsReturnedNotThrownAndNotPostedAgain() {
    webhook.answer(404, "no_service");
    Notification n = TestNotifications.gateWaiting(5, null, "ops");

    NotificationResult first = send(n);

    assertThat(first.outcomes()).singleElement().asString().startsWith("webhook ops: refused: HTTP 404 \"no_service\"");
    assertThat(send(n)).isEqualTo(first);
    assertThat(webhook.received()).hasSize(1);
  }

  @Test
  void anAnswerThatQuotesTheUrlDoesNotRepeatIt() {
    webhook.answer(400, "invalid_payload for " + webhook.url() + " (token s3cr3tT0kenXYZ)");

    NotificationResult result = send(TestNotifications.gateWaiting(6, null, "ops"));

    assertThat(result.outcomes()).singleElement().asString().startsWith("webhook ops: refused: HTTP 400 \"invalid_payload");
  }

  @Test
  void aWebhookThatNeverAnswersIsAnUnknownOutcomeWithinTheTimeoutAndIsNotPostedAgain() {
    webhook.hang();
    Notification n = TestNotifications.gateWaiting(8, null, "ops");

    Instant start = Instant.now();
    NotificationResult first = send(n);
    Duration took = Duration.between(start, Instant.now());

    assertThat(took).isLessThan(CONNECT.plus(ANSWER).plusSeconds(2));
    assertThat(first.outcomes()).singleElement().asString().startsWith("webhook ops: outcome unknown: no answer")
        .contains("not sent again");
    assertThat(send(n)).isEqualTo(first);
    assertThat(webhook.received()).hasSize(1);
  }

  @Test
  void aWebhookThatRefusesConnectionsIsRetried() {
    URI closed = URI.create("http://127.0.0.1:9" + WebhookServer.SECRET_PATH);
    var unreachable = new ChannelNotificationActivities(aws, NotificationSettings.of(Map.of("ops", closed), null,
        NotificationSettings.DEFAULT_ADDRESS, "default").withWebhookTimeouts(CONNECT, ANSWER));

    assertThatThrownBy(() -> unreachable.send(TestNotifications.gateWaiting(9, null, "ops")))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          said.add(f.getMessage());
          assertThat(f.getType()).isEqualTo(ChannelNotificationActivities.NOT_DELIVERED);
          assertThat(f.isNonRetryable()).isFalse();
          assertThat(f.getOriginalMessage()).contains("webhook ops: not delivered: the connection was refused");
        });
  }

  @Test
  void anUnknownWebhookIsReportedNotThrown() {
    NotificationResult result = send(TestNotifications.gateWaiting(10, null, "payments-slack"));

    assertThat(result.outcomes()).containsExactly("webhook payments-slack: not sent: no such webhook on this worker"
        + " (give the worker --webhook payments-slack=URL, or SHEPHERD_WEBHOOKS)");
    assertThat(webhook.received()).isEmpty();
    assertThat(logged.list).anySatisfy(e -> assertThat(e.getLevel()).hasToString("WARN"));
  }

  @Test
  void unknownAndRefusedOutcomesAreLoggedAtWarn() {
    webhook.answer(410, "channel_is_archived");

    send(TestNotifications.gateWaiting(11, null, "ops"));

    assertThat(logged.list).anySatisfy(e -> {
      assertThat(e.getLevel()).hasToString("WARN");
      assertThat(e.getFormattedMessage()).contains("webhook ops: refused: HTTP 410 \"channel_is_archived\"");
    });
  }

  @Test
  void theSettingsPrintTheWebhooksNamesOnly() {
    String printed = NotificationSettings.of(Map.of("ops", webhook.url()), null, null, null).toString();

    assertThat(printed).contains("webhooks=[ops]");
    said.add(printed);
  }

  private NotificationResult send(Notification n) {
    NotificationResult result = notifications.send(n);
    said.addAll(result.outcomes());
    return result;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
