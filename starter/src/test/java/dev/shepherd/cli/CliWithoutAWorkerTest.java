package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.release.ReleaseIds;
import dev.shepherd.sim.SimProvider;
import dev.shepherd.sim.SimulatedCloud;
import dev.shepherd.worker.ConnectionSettings;
import dev.shepherd.worker.EmbeddedTemporal;
import dev.shepherd.worker.ShepherdWorker;
import dev.shepherd.worker.TemporalConnection;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The commands on releases whose worker is gone, against the in-memory Temporal server: each test runs its
 * release with a worker on the simulated cloud, stops the worker, and then asks. Ended releases are read
 * from what they recorded; a running one is shown as Temporal knows it; operator commands on an ended
 * release say that it ended.
 */
class CliWithoutAWorkerTest {

  /** Long enough for the status query's own bound and a slow machine; far less than a hung command. */
  private static final Duration ANSWERS_WITHIN = Duration.ofSeconds(15);
  private static final AtomicInteger VERSIONS = new AtomicInteger();
  private static final AtomicInteger APPS = new AtomicInteger();

  private static EmbeddedTemporal server;
  private static TemporalConnection connection;
  /** One cloud for every worker, so that a worker started again finds what the first one changed. */
  private static final SimulatedCloud CLOUD = SimulatedCloud.autoProvisioned();
  private static Path demo;
  private ShepherdWorker worker;
  /** This test's application: each test has its own, so that none waits for another's lock. */
  private String app;
  private Path spec;

  @BeforeAll
  static void startServer() throws IOException {
    server = EmbeddedTemporal.start(0);
    connection = TemporalConnection.open(ConnectionSettings.address(server.address()), Map.of(), null);
    demo = Path.of("../examples/demo.yaml");
  }

  @AfterAll
  static void stopServer() {
    connection.close();
    server.close();
  }

  @BeforeEach
  void startWorkerAndWriteTheSpec() throws IOException {
    app = "payments-" + APPS.incrementAndGet();
    spec = Files.createTempFile("release", ".yaml");
    Files.writeString(spec, DemoSpecs.fast("300ms", "500ms").replace("application: payments", "application: " + app));
    startWorker();
  }

  /** What a test leaves running stays on the in-memory server, which stops with the class. */
  @AfterEach
  void stopTheWorker() throws IOException {
    stopWorker();
    Files.deleteIfExists(spec);
  }

  @Test
  void givenARolledBackRelease_everyOperatorCommandSaysItHasEndedAndExitsTwo_andAnUnknownOneDoesNotExist() {
    String id = rolledBack();
    stopWorker();

    Map<String, List<String>> commands = new LinkedHashMap<>();
    commands.put("approve", List.of("--as", "bob"));
    commands.put("reject", List.of("--as", "bob", "-m", "too late"));
    commands.put("abort", List.of("-m", "too late"));
    commands.put("retry", List.of());
    commands.put("rollback", List.of());
    commands.put("abandon", List.of("-m", "too late"));
    Map<String, String> verbs = Map.of("approve", "approve", "reject", "reject", "abort", "abort", "retry", "retry",
        "rollback", "roll back", "abandon", "abandon");
    commands.forEach((command, options) -> {
      List<String> args = new ArrayList<>(List.of(command, id));
      args.addAll(options);
      var r = answered(args.toArray(String[]::new));
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).as(command)
          .isEqualTo("shepherd: release " + id + " has ended (ROLLED_BACK); nothing to " + verbs.get(command) + "\n");
      assertThat(r.out()).isEmpty();
    });

    var unknown = answered("abort", app + "/0.0.0-nope", "-m", "nothing there");
    assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
    assertThat(unknown.err()).contains("no release release/" + app + "/0.0.0-nope in this namespace");
  }

  @Test
  void givenNoWorker_statusAndWatchOfARolledBackReleaseComeFromTheFailureItRecorded() {
    String id = rolledBack();
    stopWorker();

    var text = answered("status", id, "--ui-url", "https://temporal.example.com/");
    assertThat(text.exitCode()).as(text.toString()).isEqualTo(1);
    assertThat(text.out()).contains("phase    ROLLED_BACK - rolled back: ")
        .containsPattern("rest +REJECTED +by alice \\(UNVERIFIED\\) \"not today\"")
        .contains("web UI   https://temporal.example.com/namespaces/default/workflows/" + encoded(id));
    assertThat(text.err()).isEmpty();

    var json = answered("status", id, "--output", "json");
    assertThat(json.exitCode()).isEqualTo(1);
    JsonNode s = json.json();
    assertThat(s.path("phase").asText()).isEqualTo("ROLLED_BACK");
    assertThat(s.path("source").asText()).isEqualTo("result");
    assertThat(s.path("gates").get(0).path("decidedBy").asText()).isEqualTo("alice");
    assertThat(s.has("noWorker")).isFalse();

    var watched = answered("watch", id);
    assertThat(watched.exitCode()).as(watched.toString()).isEqualTo(1);
    assertThat(watched.out()).contains("phase    ROLLED_BACK");
  }

  @Test
  void givenNoWorker_statusAndWatchOfAReleasedReleaseComeFromItsResult() throws IOException {
    String version = nextVersion();
    String id = app + "/" + version;
    Files.writeString(spec, Files.readString(spec).replace("approval: required", "approval: none"));
    var started = cli("start", "-f", spec.toString(), "--version", version, "--initiator", "carol", "--wait");
    assertThat(started.exitCode()).as(started.toString()).isZero();
    stopWorker();

    Map<String, String> env = Map.of("USER", "carol", "SHEPHERD_UI_URL", "http://ui.example:8080");
    var text = answered(env, "status", id);
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).contains("phase    RELEASED - released: every region serves " + version)
        .contains("web UI   http://ui.example:8080/namespaces/default/workflows/" + encoded(id));
    var json = answered(env, "status", id, "--output", "json", "--ui-url", "http://other.example:8243");
    assertThat(json.json().path("webUi").asText()).as("--ui-url wins over SHEPHERD_UI_URL")
        .isEqualTo("http://other.example:8243/namespaces/default/workflows/" + encoded(id));
    assertThat(json.json().path("source").asText()).isEqualTo("result");

    var watched = answered("watch", id, "--output", "json");
    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    assertThat(watched.json().path("phase").asText()).isEqualTo("RELEASED");
    assertThat(answered("abort", id, "-m", "too late").err())
        .contains("release " + id + " has ended (RELEASED); nothing to abort");
  }

  @Test
  void givenNoWorker_statusOfARunningReleaseShowsWhatTemporalKnowsAndSaysNoWorkerIsPolling() {
    String version = nextVersion();
    String id = started(version);
    awaitPhase(id, "AWAITING_APPROVAL");
    stopWorker();

    var text = answered("status", id);
    assertThat(text.exitCode()).as("a release waiting for approval has not failed: " + text).isZero();
    assertThat(text.out()).contains("release/" + id + "   " + app + " " + version + "   started by carol")
        .contains("phase    AWAITING_APPROVAL (as the release last published it")
        .contains("WORKER   no worker is polling task queue shepherd-releases")
        .contains("shepherd worker --task-queue shepherd-releases")
        .contains("web UI   http://127.0.0.1:" + (port() + 1000) + "/namespaces/default/workflows/" + encoded(id));
    assertThat(text.err()).isEmpty();

    var json = answered("status", id, "--output", "json");
    assertThat(json.exitCode()).isZero();
    JsonNode s = json.json();
    assertThat(s.path("phase").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(s.path("source").asText()).isEqualTo("server");
    assertThat(s.path("noWorker").asText()).startsWith("no worker is polling task queue shepherd-releases");
    assertThat(s.path("taskQueue").asText()).isEqualTo("shepherd-releases");
    assertThat(s.path("pending").isArray()).isTrue();
    assertThat(s.path("waves").isArray()).as("the contracted fields are there, empty").isTrue();

    // The Web UI's list query WorkflowType="ReleaseWorkflow" shows the release, not its region or lock workflows.
    assertThat(typeOf("release/" + id)).isEqualTo("ReleaseWorkflow");
    assertThat(typeOf("release/" + id + "/us-east-1")).isEqualTo("RegionDeploymentWorkflow");
    assertThat(typeOf(ReleaseIds.lock(app))).isEqualTo("ApplicationLockWorkflow");
  }

  private static String typeOf(String workflowId) {
    return connection.client().newUntypedWorkflowStub(workflowId).describe().getWorkflowType();
  }

  @Test
  void givenNoWorker_watchOfARunningReleaseSaysSoAndWaits_untilTheReleaseEnds() {
    String id = started(nextVersion());
    awaitPhase(id, "AWAITING_APPROVAL");
    stopWorker();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    CompletableFuture<Integer> watching = CompletableFuture.supplyAsync(() -> Main.run(
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of("USER", "carol"), "watch", id, "--output", "json", "--address", server.address()));

    await().atMost(ANSWERS_WITHIN).pollInterval(Duration.ofMillis(100)).until(() ->
        err.toString(StandardCharsets.UTF_8).contains("no worker is polling task queue shepherd-releases"));
    assertThat(watching).as("watch keeps waiting for a worker").isNotDone();
    // A worker started again would not get the release back on the in-memory server, which never moves a
    // task off the stopped worker's sticky queue; ending it from outside needs no worker.
    connection.client().newUntypedWorkflowStub("release/" + id).terminate("test over");

    await().atMost(ANSWERS_WITHIN).until(watching::isDone);
    assertThat(watching.join()).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("release/" + id + " was TERMINATED by Temporal in AWAITING_APPROVAL: its rollback did not run");
    var status = answered("status", id);
    assertThat(status.exitCode()).as(status.toString()).isEqualTo(1);
    assertThat(status.out()).contains("phase    AWAITING_APPROVAL").contains("ended    TERMINATED by Temporal (test over)");
  }

  /** A release rejected at its gate and rolled back, its workflow closed; its APP/VERSION. */
  private String rolledBack() {
    String id = started(nextVersion());
    awaitPhase(id, "AWAITING_APPROVAL");
    var rejected = cli("reject", id, "--as", "alice", "-m", "not today");
    assertThat(rejected.exitCode()).as(rejected.toString()).isZero();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
        connection.client().newUntypedWorkflowStub("release/" + id).describe().getStatus()
            != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    return id;
  }

  private void startWorker() {
    worker = new ShepherdWorker(connection.client(), ReleaseIds.DEFAULT_TASK_QUEUE, SimProvider.activities(CLOUD))
        .start();
  }

  private void stopWorker() {
    if (worker != null) {
      worker.shutdown(Duration.ofMillis(200));
      worker = null;
    }
  }

  /** Starts a release of this test's application; its APP/VERSION. */
  private String started(String version) {
    var r = cli("start", "-f", spec.toString(), "--version", version, "--initiator", "carol");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return app + "/" + version;
  }

  private static void awaitPhase(String id, String phase) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
        assertThat(cli("status", id, "--output", "json").json().path("phase").asText())
            .as("phase of release " + id).isEqualTo(phase));
  }

  private static String nextVersion() {
    return "5.0." + VERSIONS.incrementAndGet();
  }

  private static String encoded(String appVersion) {
    return "release%2F" + appVersion.replace("/", "%2F");
  }

  private static int port() {
    return Integer.parseInt(server.address().substring(server.address().lastIndexOf(':') + 1));
  }

  /** Runs the command, failing the test if it has not answered within {@link #ANSWERS_WITHIN}. */
  private static Cli.Result answered(String... args) {
    return answered(Map.of("USER", "carol"), args);
  }

  private static Cli.Result answered(Map<String, String> env, String... args) {
    return assertTimeoutPreemptively(ANSWERS_WITHIN, () -> cli(env, args), () -> "no answer from " + List.of(args));
  }

  private static Cli.Result cli(String... args) {
    return cli(Map.of("USER", "carol"), args);
  }

  private static Cli.Result cli(Map<String, String> env, String... args) {
    String[] withAddress = Arrays.copyOf(args, args.length + 2);
    withAddress[args.length] = "--address";
    withAddress[args.length + 1] = server.address();
    return Cli.run(env, withAddress);
  }
}
