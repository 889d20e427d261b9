package dev.shepherd.e2e;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.aws.AwsFixtures;
import dev.shepherd.aws.Moto;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.ReleaseWorkflow;
import dev.shepherd.spec.Region;
import dev.shepherd.worker.ConnectionSettings;
import dev.shepherd.worker.TemporalConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Temporal Web UI in a real (headless) Chromium, as a person watching a release sees it: the list
 * filtered by application, the release's page and one region's page. Screenshots are kept in
 * target/ui-screenshots.
 */
class WebUiTest {

  private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
  private static final List<Region> REGIONS = List.of(Region.of("us-east-1"), Region.of("eu-west-1"),
      Region.of("ap-southeast-2"));

  @TempDir
  Path dir;

  @Test
  void aPersonSeesTheReleaseItsPhaseAttributesCurrentDetailsAndActivitySummaries() throws Exception {
    Moto.use(URI.create(E2eEnvironment.awsEndpoint()));
    ShepherdProcesses shepherd = new ShepherdProcesses(dir);
    String version = "7.0." + (System.currentTimeMillis() % 1_000_000);
    String id = "release/payments/" + version;
    String queue = "ui-" + version;
    try (AwsFixtures aws = new AwsFixtures();
        TemporalConnection temporal = TemporalConnection.open(
            ConnectionSettings.address(E2eEnvironment.temporalAddress()), Map.of(), null);
        Chromium browser = new Chromium(dir.resolve("chromium"))) {
      // Another test's release of payments may still hold the application's lock on the shared server.
      E2eEnvironment.endRunningRelease(temporal.client(), "payments");
      aws.project(Region.of("us-east-1"), "payments-build", "payments-api.zip");
      for (Region r : REGIONS) {
        aws.function(r).alarm(r, "payments-5xx");
      }
      aws.artifact("payments-api.zip", "version two");
      // Lambda's metrics for the canary analysis of us-east-1 (the only region before the gate): the new version
      // like the old one.
      java.time.Instant from = java.time.Instant.now().minusSeconds(5);
      aws.lambdaTraffic(Region.of("us-east-1"), "1", from, 180, 2700, 0.001, 100)
          .lambdaTraffic(Region.of("us-east-1"), "2", from, 180, 300, 0.001, 100);
      shepherd.worker(queue);
      Path spec = dir.resolve("release.yaml");
      Files.writeString(spec, dev.shepherd.cli.DemoSpecs.fastWithAnalysis("3s", "1s").replace("payments-p99-latency", "payments-5xx")
          .replace("alarms: [ payments-5xx, payments-5xx ]", "alarms: [ payments-5xx ]")
          .replace("test:\n  codebuild: { project: payments-integration-tests }\n  timeout: 5m\n", ""));
      var started = shepherd.cli("start", "-f", spec.toString(), "--version", version, "--initiator", "carol",
          "--task-queue", queue);
      assertThat(started.exitCode()).as(started.toString()).isZero();
      ReleaseWorkflow release = temporal.client().newWorkflowStub(ReleaseWorkflow.class, id);
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
          assertThat(release.status().phase()).isEqualTo(ReleasePhase.AWAITING_APPROVAL));
      String ui = E2eEnvironment.webUi();

      String query = URLEncoder.encode("ReleaseApplication=\"payments\" AND ReleaseVersion=\"" + version + "\"",
          StandardCharsets.UTF_8).replace("+", "%20");
      String list = browser.open(ui + "/namespaces/default/workflows?query=" + query, id, Duration.ofSeconds(60));
      browser.screenshot(SCREENSHOTS.resolve("1-release-list.png"));
      Files.writeString(SCREENSHOTS.resolve("1-release-list.txt"), list);
      // The query the README gives for releases only: no region or lock workflows in the list.
      String releasesOnly = browser.open(ui + "/namespaces/default/workflows?query="
          + enc("WorkflowType=\"ReleaseWorkflow\""), id, Duration.ofSeconds(60));
      browser.screenshot(SCREENSHOTS.resolve("1b-releases-only.png"));
      assertThat(releasesOnly).contains(id).doesNotContain(id + "/us-east-1").doesNotContain("release-lock/payments");

      String runId = temporal.client().newUntypedWorkflowStub(id).describe().getExecution().getRunId();
      String releasePage = browser.open(ui + "/namespaces/default/workflows/" + enc(id) + "/" + runId + "/history",
          "Approval timeout of gate rest", Duration.ofSeconds(60));
      browser.screenshot(SCREENSHOTS.resolve("2-release-history.png"));
      Files.writeString(SCREENSHOTS.resolve("2-release-history.txt"), releasePage);
      browser.click("User Metadata");
      String metadata = browser.awaitText("gate rest WAITING", Duration.ofSeconds(30));
      browser.screenshot(SCREENSHOTS.resolve("3-release-metadata.png"));
      Files.writeString(SCREENSHOTS.resolve("3-release-metadata.txt"), metadata);
      browser.click("Search Attributes");
      String attributes = browser.awaitText("ReleasePhase", Duration.ofSeconds(30));
      browser.screenshot(SCREENSHOTS.resolve("4-release-search-attributes.png"));
      Files.writeString(SCREENSHOTS.resolve("4-release-search-attributes.txt"), attributes);

      String childId = id + "/us-east-1";
      String childRun = temporal.client().newUntypedWorkflowStub(childId).describe().getExecution().getRunId();
      String regionPage = browser.open(ui + "/namespaces/default/workflows/" + enc(childId) + "/" + childRun + "/history",
          "Publish a version of payments-api", Duration.ofSeconds(60));
      browser.screenshot(SCREENSHOTS.resolve("5-region-history.png"));
      Files.writeString(SCREENSHOTS.resolve("5-region-history.txt"), regionPage);
      browser.click("User Metadata");
      String regionMetadata = browser.awaitText("canary 10% for 3s", Duration.ofSeconds(30));
      browser.screenshot(SCREENSHOTS.resolve("6-region-metadata.png"));
      Files.writeString(SCREENSHOTS.resolve("6-region-metadata.txt"), regionMetadata);

      assertThat(list).contains(id, id + "/us-east-1", "ReleaseWorkflow", "RegionDeploymentWorkflow", "RUNNING");
      // The release's page: what it is, what it is doing now, and what each step and timer is for.
      // The release reads each alias itself (the rollback target), and its guard watches deployed regions.
      assertThat(releasePage).contains("Approval timeout of gate rest",
          "Guard: watch payments-5xx in us-east-1 until the release ends", "Bake wave canary-region (1/2)",
          "Capture rollback target: read payments-api:live in us-east-1");
      assertThat(metadata).contains("Release payments " + version + " by carol")
          .contains("AWAITING_APPROVAL: waiting for approval of gate rest")
          .contains("wave canary-region DONE: us-east-1 DEPLOYED v1 → v2 100%")
          .contains("wave rest AWAITING_APPROVAL: eu-west-1 PENDING, ap-southeast-2 PENDING")
          .contains("gate rest WAITING")
          // The worker runs without a release policy: who started it is shown as a name nobody verified.
          .contains("Started by carol UNVERIFIED")
          // The canary's verdict, with each signal's reason and its figures per interval.
          .containsPattern("us-east-1 analysis \\(canary\\): PASS v2 against v1, \\d+ canary / \\d+ baseline requests")
          .containsPattern("PASS: error rate [\\d.]+% vs [\\d.]+%")
          .containsPattern("per interval \\(last \\d+ of \\d+\\): canary ")
          .contains("Approvers: alice, bob")
          .as("the digest of the pinned artifact every region deploys")
          .contains(AwsFixtures.sha256("version two"));
      assertThat(attributes).contains("ReleaseApplication", "payments", "ReleaseVersion", version,
          "ReleasePhase", "AWAITING_APPROVAL", "ReleaseInitiator", "carol");
      // One region's page: its own summary, and its steps.
      assertThat(regionPage).contains("Update code of payments-api in us-east-1",
          "Publish a version of payments-api in us-east-1", "Canary: route 10%");
      assertThat(regionMetadata).contains("Deploy payments " + version + " to us-east-1 (wave canary-region)")
          .contains("Lambda payments-api:live in us-east-1, rollback target version 1, canary 10% for 3s");
      assertThat(regionPage).contains("Canary analysis: read version 2 against 1 of payments-api:live in us-east-1");
    } finally {
      shepherd.stopAll();
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
