package dev.shepherd.e2e;

import static dev.shepherd.e2e.EndToEndFixture.EAST;
import static dev.shepherd.e2e.EndToEndFixture.REGIONS;
import static dev.shepherd.e2e.EndToEndFixture.WEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.shepherd.aws.Moto;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.spec.Region;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Canary analysis and notifications end to end: the dev server, a `shepherd worker` process on the AWS provider
 * against moto, whose CloudWatch holds Lambda's per-version metrics seeded with PutMetricData (us-east-1's new
 * version like its old one, eu-west-1's clearly worse); an SNS topic with an SQS queue subscribed, and a
 * Slack-compatible webhook on a local HTTP server that records what it is sent.
 */
class ObservabilityEndToEndTest {

  private static final Pattern KIND = Pattern.compile("\"shepherd\\.kind\"\\s*:\\s*\\{[^}]*\"Value\"\\s*:\\s*\"([A-Z_]+)\"");
  private static final Pattern ID = Pattern.compile(
      "\"shepherd\\.notification-id\"\\s*:\\s*\\{[^}]*\"Value\"\\s*:\\s*\"([^\"]+)\"");

  private static final String SPEC = """
      application: payments
      build: { codebuild: { project: payments-build }, timeout: 10m }
      deploy:
        lambda: { function: payments-api, alias: live }
        canary: { weight: 10, duration: 3s }
      alarms: [ payments-5xx ]
      waves:
        - { name: canary-region, regions: [ us-east-1 ], bake: 1s }
        - { name: rest, regions: [ eu-west-1, ap-southeast-2 ], bake: 1s, approval: required }
      approvers: [ alice, bob ]
      analysis:
        interval: 1s
        minRequests: 200
        maxExtensions: 1
        signals:
          - errorRate: { maxIncrease: 1%, maxAbsolute: 2% }
          - latency: { percentile: 99, maxIncreaseRatio: 1.5 }
      notifications:
        sns: TOPIC
        webhook: ops
      """;

  @RegisterExtension
  final EndToEndFixture e2e = EndToEndFixture.onTheDevServer("obs");
  private HttpServer webhook;
  private final List<String> posted = Collections.synchronizedList(new ArrayList<>());
  private final List<String> postedIds = Collections.synchronizedList(new ArrayList<>());
  private SqsClient sqs;

  /** The webhook's server and a client of moto's SQS, both ended after the test. */
  @BeforeEach
  void setUp() throws Exception {
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext("/hooks/ops", exchange -> {
      posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      postedIds.add(exchange.getRequestHeaders().getFirst("X-Shepherd-Notification-Id"));
      exchange.sendResponseHeaders(200, 2);
      exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
      exchange.close();
    });
    webhook.start();
    e2e.closeAfterTheTest(() -> webhook.stop(0));
    sqs = SqsClient.builder().endpointOverride(Moto.endpoint())
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
    e2e.closeAfterTheTest(sqs);
  }

  @Test
  void aCanaryWorseByItsCloudWatchMetricsFailsByAnalysisAndEveryStepIsToldToSnsAndTheWebhookOnce() throws Exception {
    String topic = e2e.aws().aws.sns(EAST).createTopic(r -> r.name("payments-releases")).topicArn();
    String queue = sqs.createQueue(r -> r.queueName("release-news")).queueUrl();
    String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    e2e.aws().aws.sns(EAST).subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(queueArn));
    // Four minutes of traffic from now: the old version takes 90%, the new one 10%; in eu-west-1 the new one
    // fails 5% of its requests and is three times slower.
    Instant from = Instant.now().minusSeconds(5);
    for (Region r : REGIONS) {
      e2e.aws().lambdaTraffic(r, "1", from, 240, 2700, 0.001, 100);
      e2e.aws().lambdaTraffic(r, "2", from, 240, 300, r.equals(WEST) ? 0.05 : 0.001, r.equals(WEST) ? 300 : 100);
    }
    String version = e2e.version();
    String id = e2e.releaseId();
    String hookUrl = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hooks/ops";
    e2e.worker("--webhook", "ops=" + hookUrl, "--web-ui", "http://127.0.0.1:8233");
    Path spec = e2e.writeSpec(SPEC.replace("TOPIC", topic));
    e2e.startRelease(spec);

    e2e.awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    // The gate's wait reaches the webhook with the command that approves it and the Web UI link.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(posted).isNotEmpty());
    assertThat(posted.get(0)).contains("payments " + version + ": gate rest waits for approval")
        .contains("shepherd approve payments/" + version + " --gate rest")
        .contains("http://127.0.0.1:8233/namespaces/default/workflows/release%2Fpayments%2F" + version.replace(".", "."));
    ReleaseStatus waiting = e2e.status();
    var east = waiting.waves().get(0).regions().get(0);
    assertThat(east.analysis()).singleElement().satisfies(a -> {
      assertThat(a.verdict().outcome().name()).as(a.verdict().summary()).isEqualTo("PASS");
      assertThat(a.verdict().canaryRequests()).as("3s of 300 a second, read from CloudWatch").isGreaterThanOrEqualTo(600);
    });

    var approved = e2e.cli("approve", "payments/" + version, "--as", "bob", "-m", "canary region healthy");
    assertThat(approved.exitCode()).as(approved.toString()).isZero();
    var watched = e2e.cli("watch", "payments/" + version);
    assertThat(watched.exitCode()).as(watched.toString()).isEqualTo(1);
    assertThat(watched.out()).contains("ROLLED_BACK").contains("canary analysis of the canary in eu-west-1 failed")
        .contains("analysis (canary): FAIL version 2 against 1")
        .containsPattern("error rate per interval \\(last \\d+ of \\d+\\): canary (5\\.00% )+\\| baseline 0\\.\\d\\d%");
    for (Region r : REGIONS) {
      assertThat(e2e.aliasVersion(r)).as(r.code() + " back on version 1").isEqualTo("1");
    }
    var json = e2e.cli("status", "payments/" + version, "--output", "json");
    assertThat(json.out()).contains("\"outcome\" : \"FAIL\"").contains("\"outcome\" : \"PASS\"")
        .contains("error rate 5% is past the absolute limit of 2%");

    List<String> expected = List.of("GATE_WAITING", "GATE_DECIDED", "ROLLBACK_STARTED", "ROLLED_BACK");
    List<String> kinds = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      for (var message : sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
          .messages()) {
        kinds.add(first(KIND, message.body()));
        ids.add(first(ID, message.body()));
        sqs.deleteMessage(r -> r.queueUrl(queue).receiptHandle(message.receiptHandle()));
      }
      assertThat(kinds).as("what SNS delivered to the subscribed queue").containsExactlyInAnyOrderElementsOf(expected);
    });
    assertThat(ids).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n).startsWith(id + "/"));
    assertThat(posted).as("the webhook, once each").hasSize(4);
    assertThat(postedIds).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(String.join("\n", posted)).contains("gate rest approved by bob").contains("rolled back")
        .doesNotContain(hookUrl);
  }

  private static String first(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as(pattern + " in " + text).isTrue();
    return m.group(1);
  }
}
