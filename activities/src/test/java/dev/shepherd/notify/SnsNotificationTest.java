package dev.shepherd.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.aws.AwsClients;
import dev.shepherd.aws.AwsSettings;
import dev.shepherd.aws.LostResponses;
import dev.shepherd.aws.Moto;
import dev.shepherd.cloud.Notification;
import dev.shepherd.cloud.NotificationActivities;
import dev.shepherd.cloud.NotificationKind;
import dev.shepherd.cloud.NotificationResult;
import dev.shepherd.spec.Region;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Notifications to SNS against moto: each test subscribes an SQS queue to a topic and reads what SNS delivered
 * (in SNS's JSON envelope: raw delivery is off).
 */
class SnsNotificationTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final ObjectMapper JSON = new ObjectMapper();

  private AwsClients aws;
  private SqsClient sqs;
  private WebhookServer webhook;
  private NotificationSettings settings;
  private final List<TestActivityEnvironment> environments = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    Moto.reset();
    aws = new AwsClients(Moto.settings());
    sqs = SqsClient.builder().endpointOverride(Moto.endpoint())
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
    webhook = new WebhookServer();
    settings = NotificationSettings.of(Map.of("ops", webhook.url()), URI.create("https://temporal.example.com/"),
        "temporal.internal:7233", "payments-prod");
  }

  @AfterEach
  void tearDown() {
    LostResponses.reset();
    environments.forEach(TestActivityEnvironment::close);
    webhook.close();
    sqs.close();
    aws.close();
  }

  @Test
  void aWaitingGateIsPublishedWithItsTitleAsSubjectAndTheApproveCommandAndLinkInTheMessage() throws IOException {
    String topic = topic("release-news");
    String queue = subscribedQueue(topic, "release-news-inbox", false);
    Notification n = TestNotifications.inNamespace(TestNotifications.gateWaiting(1, topic, null), "payments-prod");

    NotificationResult result = activities(new ChannelNotificationActivities(aws, settings)).send(n);

    assertThat(result.outcomes()).singleElement().asString().startsWith("sns: sent (message id ");
    JsonNode delivered = JSON.readTree(receiveOne(queue).body());
    assertThat(delivered.path("Subject").asText()).isEqualTo("payments 1.4.2: gate rest waits for approval");
    assertThat(delivered.path("Message").asText())
        .contains("Wave 2 (eu-west-1, ap-southeast-2) waits for the gate rest.")
        .contains("Approve it: shepherd approve payments/1.4.2 --gate rest --address temporal.internal:7233"
            + " --namespace payments-prod\n")
        .contains("Temporal Web UI: https://temporal.example.com/namespaces/payments-prod/workflows/"
            + "release%2Fpayments%2F1.4.2/" + TestNotifications.RUN_ID + "/history\n")
        .contains("notification " + n.id());
    JsonNode attributes = delivered.path("MessageAttributes");
    assertThat(attributes.path("shepherd.notification-id").path("Value").asText()).isEqualTo(n.id());
    assertThat(attributes.path("shepherd.kind").path("Value").asText()).isEqualTo("GATE_WAITING");
    assertThat(attributes.path("shepherd.urgent").path("Value").asText()).isEqualTo("false");
  }

  @Test
  void aFailedRollbackIsPublishedAsUrgent() throws IOException {
    String topic = topic("release-news");
    String queue = subscribedQueue(topic, "release-news-inbox", false);

    activities(new ChannelNotificationActivities(aws, settings)).send(TestNotifications.rollbackFailed(9, topic, null));

    JsonNode delivered = JSON.readTree(receiveOne(queue).body());
    assertThat(delivered.path("Subject").asText()).isEqualTo("URGENT: payments 1.4.2: ROLLBACK_FAILED in eu-west-1");
    assertThat(delivered.path("Message").asText()).startsWith("URGENT: a person must act now.").doesNotContain("Approve");
    assertThat(delivered.path("MessageAttributes").path("shepherd.urgent").path("Value").asText()).isEqualTo("true");
    assertThat(delivered.path("MessageAttributes").path("shepherd.kind").path("Value").asText())
        .isEqualTo("ROLLBACK_FAILED");
  }

  @Test
  void aTitleTooLongForASubjectIsCutToOneLineSnsTakes() throws IOException {
    String topic = topic("release-news");
    String queue = subscribedQueue(topic, "release-news-inbox", false);
    String title = "payments 1.4.2: gate rest waits for approval\r\nafter " + "a very long bake, ".repeat(10);
    Notification n = TestNotifications.titled(TestNotifications.gateWaiting(2, topic, null), title);

    NotificationResult result = activities(new ChannelNotificationActivities(aws, settings)).send(n);

    assertThat(result.outcomes()).singleElement().asString().startsWith("sns: sent");
    String subject = JSON.readTree(receiveOne(queue).body()).path("Subject").asText();
    assertThat(subject).startsWith("payments 1.4.2: gate rest waits for approval after a very long bake,")
        .endsWith("…").doesNotContain("\n", "\r");
    assertThat(subject.codePointCount(0, subject.length())).isLessThan(100);
  }

  @Test
  void aFifoTopicGetsTheWorkflowAsMessageGroupAndAHashOfTheIdAsDeduplicationId() {
    SnsClient sns = aws.sns(EAST);
    String topic = sns.createTopic(r -> r.name("release-news.fifo")
        .attributes(Map.of("FifoTopic", "true"))).topicArn();
    String queue = subscribedQueue(topic, "release-news-inbox.fifo", true);
    Notification n = TestNotifications.gateWaiting(3, topic, null);

    activities(new ChannelNotificationActivities(aws, settings)).send(n);

    Message delivered = receiveOne(queue);
    assertThat(delivered.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
        .isEqualTo(sha256(n.id())).hasSize(64);
    assertThat(delivered.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
        .isEqualTo(TestNotifications.WORKFLOW_ID);
  }

  @Test
  void aRetriedSendPublishesOnce() {
    String topic = topic("release-news");
    String queue = subscribedQueue(topic, "release-news-inbox", false);
    NotificationActivities notifications = activities(new ChannelNotificationActivities(aws, settings));
    Notification n = TestNotifications.gateWaiting(4, topic, null);

    NotificationResult first = notifications.send(n);
    NotificationResult again = notifications.send(n);

    assertThat(again).isEqualTo(first);
    assertThat(receiveAll(queue)).hasSize(1);
  }

  @Test
  void whenTheWebhookMustBeRetriedTheRetryDoesNotPublishToSnsAgain() {
    String topic = topic("release-news");
    String queue = subscribedQueue(topic, "release-news-inbox", false);
    webhook.answer(429, "rate_limited");
    NotificationActivities notifications = activities(new ChannelNotificationActivities(aws, settings));
    Notification n = TestNotifications.gateWaiting(5, topic, "ops");

    assertThatThrownBy(() -> notifications.send(n)).isInstanceOf(ActivityFailure.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(ChannelNotificationActivities.NOT_DELIVERED);
          assertThat(f.isNonRetryable()).isFalse();
          assertThat(f.getOriginalMessage()).contains("webhook ops: not delivered: HTTP 429")
              .contains("the other channels are not sent it again: sns: sent (message id ");
        });
    NotificationResult retried = notifications.send(n);

    assertThat(retried.outcomes()).hasSize(2).last().isEqualTo("webhook ops: sent (HTTP 200)");
    assertThat(receiveAll(queue)).hasSize(1);
    assertThat(webhook.accepted()).hasSize(1);
  }

  @Test
  void aRetryOnAnotherWorkerFindsWhatTheFailedAttemptSettledInItsHeartbeat() {
    String topic = topic("release-news");
    String queue = subscribedQueue(topic, "release-news-inbox", false);
    webhook.answer(503, "");
    Notification n = TestNotifications.gateWaiting(6, topic, "ops");
    TestActivityEnvironment first = environment(new ChannelNotificationActivities(aws, settings));
    AtomicReference<ChannelNotificationActivities.Settled> heartbeat = new AtomicReference<>();
    first.setActivityHeartbeatListener(ChannelNotificationActivities.Settled.class, heartbeat::set);

    assertThatThrownBy(() -> stub(first).send(n)).isInstanceOf(ActivityFailure.class);
    assertThat(heartbeat.get()).isNotNull();
    assertThat(heartbeat.get().outcomes()).containsOnlyKeys("sns");
    // Another worker: its own memory is empty; the next attempt has the failed one's last heartbeat.
    TestActivityEnvironment second = environment(new ChannelNotificationActivities(aws, settings));
    second.setHeartbeatDetails(heartbeat.get());
    NotificationResult retried = stub(second).send(n);

    assertThat(retried.outcomes()).containsExactly(heartbeat.get().outcomes().get("sns"), "webhook ops: sent (HTTP 200)");
    assertThat(receiveAll(queue)).hasSize(1);
  }

  @Test
  void aMissingTopicIsReportedNotThrown() {
    String missing = "arn:aws:sns:us-east-1:123456789012:no-such-topic";

    NotificationResult result = activities(new ChannelNotificationActivities(aws, settings))
        .send(TestNotifications.gateWaiting(7, missing, null));

    assertThat(result.outcomes()).singleElement().asString().startsWith("sns: refused (NotFound, HTTP 404)")
        .contains("create the topic, or fix notifications.sns in the spec");
  }

  @Test
  void snsThatCannotBeReachedFailsRetryably() {
    AwsClients nowhere = new AwsClients(AwsSettings.emulator(URI.create("http://127.0.0.1:9")));
    try {
      NotificationActivities notifications = activities(new ChannelNotificationActivities(nowhere, settings));
      assertThatThrownBy(() -> notifications.send(TestNotifications.gateWaiting(8, topic("release-news"), null)))
          .isInstanceOf(ActivityFailure.class)
          .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
            assertThat(f.getType()).isEqualTo(ChannelNotificationActivities.NOT_DELIVERED);
            assertThat(f.isNonRetryable()).isFalse();
            assertThat(f.getOriginalMessage()).contains("sns: not delivered: could not reach SNS");
          });
    } finally {
      nowhere.close();
    }
  }

  @Test
  void aPublishWhoseAnswerIsLostIsAnUnknownOutcomeAndIsNotPublishedAgain() {
    String topic = topic("release-news");
    String queue = subscribedQueue(topic, "release-news-inbox", false);
    NotificationActivities notifications = activities(new ChannelNotificationActivities(aws, settings));
    Notification n = TestNotifications.gateWaiting(10, topic, null);
    LostResponses.loseNext("Publish");

    NotificationResult first = notifications.send(n);
    NotificationResult again = notifications.send(n);

    assertThat(first.outcomes()).singleElement().asString().startsWith("sns: outcome unknown: ")
        .contains("not sent again");
    assertThat(again).isEqualTo(first);
    assertThat(receiveAll(queue)).hasSize(1);
  }

  @Test
  void everyKindCarriesItsKindAsAnAttribute() throws IOException {
    String topic = topic("release-news");
    String queue = subscribedQueue(topic, "release-news-inbox", false);
    NotificationActivities notifications = activities(new ChannelNotificationActivities(aws, settings));
    Notification g = TestNotifications.gateWaiting(0, topic, null);
    int i = 100;
    for (NotificationKind kind : NotificationKind.values()) {
      notifications.send(new Notification(g.workflowId() + "/" + g.runId() + "/" + i++, kind, false, g.namespace(),
          g.workflowId(), g.runId(), g.application(), g.version(), null, "payments 1.4.2: " + kind, "", topic, null));
    }

    List<String> kinds = new ArrayList<>();
    for (Message m : receiveAll(queue)) {
      kinds.add(JSON.readTree(m.body()).path("MessageAttributes").path("shepherd.kind").path("Value").asText());
    }
    assertThat(kinds).containsExactlyInAnyOrder(java.util.Arrays.stream(NotificationKind.values()).map(Enum::name)
        .toArray(String[]::new));
  }

  private String topic(String name) {
    return aws.sns(EAST).createTopic(r -> r.name(name)).topicArn();
  }

  /** A queue subscribed to the topic; returns its URL. */
  private String subscribedQueue(String topic, String name, boolean fifo) {
    String url = sqs.createQueue(r -> r.queueName(name).attributes(fifo
        ? Map.of(QueueAttributeName.FIFO_QUEUE, "true") : Map.of())).queueUrl();
    String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    aws.sns(EAST).subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(arn));
    return url;
  }

  private Message receiveOne(String queue) {
    List<Message> messages = receiveAll(queue);
    assertThat(messages).hasSize(1);
    return messages.getFirst();
  }

  /** Every message in the queue (moto delivers at once, so one short poll after another until none is left). */
  private List<Message> receiveAll(String queue) {
    List<Message> all = new ArrayList<>();
    while (true) {
      List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)
          .visibilityTimeout(60).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
      if (batch.isEmpty()) {
        return all;
      }
      all.addAll(batch);
    }
  }

  private NotificationActivities activities(ChannelNotificationActivities implementation) {
    return stub(environment(implementation));
  }

  private TestActivityEnvironment environment(ChannelNotificationActivities implementation) {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(implementation);
    environments.add(env);
    return env;
  }

  private static NotificationActivities stub(TestActivityEnvironment env) {
    return env.newActivityStub(NotificationActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
