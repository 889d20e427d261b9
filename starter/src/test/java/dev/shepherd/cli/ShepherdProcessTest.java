package dev.shepherd.cli;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.release.operator.GateDecision;
import dev.shepherd.release.ReleaseClient;
import dev.shepherd.release.ReleaseIds;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.ReleaseRequest;
import dev.shepherd.release.ReleaseWorkflow;
import dev.shepherd.worker.ConnectionSettings;
import dev.shepherd.worker.EmbeddedTemporal;
import dev.shepherd.worker.SpecFiles;
import dev.shepherd.worker.TemporalConnection;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a separate process, the way operators run it: the demo end to end, and a worker's SIGTERM. */
class ShepherdProcessTest {

  @TempDir
  Path dir;

  @Test
  void theDemoWithAutoApproveReleasesWithinAMinute() throws Exception {
    Finished demo = run(Duration.ofSeconds(60), "demo", "--auto-approve");
    assertThat(demo.exitCode).as(demo.toString()).isZero();
    assertThat(demo.out).contains("RELEASED - released: every region serves 1.4.2 and the flag is on")
        .contains("APPROVED   by alice")
        // Whichever symbol the child's charset allows.
        .containsPattern("flag     \\S+ SSM parameter /payments/flags/new-checkout in us-east-1  ON  not set (→|->) true")
        .containsPattern("started  \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\S+, took \\d+(m\\d{2})?s");
    assertThat(demo.err.lines()).as(demo.toString()).singleElement().asString().startsWith(DEMO_LOG);
    Files.deleteIfExists(demoLog(demo));
  }

  @Test
  void theDemoShowsTheApproveCommandOfItsGateWithItsServersPortAndThatCommandApprovesIt() throws Exception {
    Path out = dir.resolve("demo.txt");
    Process demo = start(out, "demo");
    try {
      awaitOutput(out, "approve: ");
      String line = Files.readString(out).lines().filter(l -> l.contains("approve: ")).findFirst().orElseThrow();
      String command = line.substring(line.indexOf("approve: ") + "approve: ".length());
      assertThat(command).as("an approver other than the initiator, on the embedded server")
          .matches("shepherd approve payments/1\\.4\\.2 --gate rest --as alice --address 127\\.0\\.0\\.1:\\d+");

      var approved = Cli.run(command.substring("shepherd ".length()).split(" "));

      assertThat(approved.exitCode()).as(approved.toString()).isZero();
      assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("released after the approval").isTrue();
      assertThat(demo.exitValue()).as(Files.readString(out)).isZero();
    } finally {
      demo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theDemoFailingByCanaryAnalysisRollsEveryRegionBackExitsOneAndEndsOnItsFinalScreenWithTheLogsInAFile()
      throws Exception {
    Finished demo = run(Duration.ofSeconds(90), "demo", "--auto-approve", "--fail-in", "eu-west-1");
    assertThat(demo.exitCode).as(demo.toString()).isEqualTo(1);
    assertThat(demo.out).contains("its canary in eu-west-1 will be worse than the version it replaces")
        .contains("phase    ROLLED_BACK").contains("canary analysis of the canary in eu-west-1 failed")
        .containsPattern("analysis \\(canary\\): PASS version 2 against 1, \\d+ canary requests \\(200 needed\\)")
        .containsPattern("analysis \\(canary\\): FAIL version 2 against 1")
        .containsPattern("error rate [\\d.]+% is past the absolute limit of 2%")
        .containsPattern("error rate per interval \\(last \\d+ of \\d+\\): canary [\\d.]+% .* \\| baseline [\\d.]+%")
        .containsPattern("ANALYSIS_FAIL +canary in eu-west-1: FAIL");
    for (String region : List.of("us-east-1", "eu-west-1", "ap-southeast-2")) {
      // Back on v1; a region whose deployment was stopped before its alias moved was never written.
      assertThat(demo.out).containsPattern(region + "\\s+ROLLED_BACK\\s+(tried v2, )?back on v1\\b");
    }
    // The screen is the release's alone: no log line or trace on stdout, and on stderr only where the logs are.
    assertThat(demo.out).startsWith("Embedded Temporal at ")
        .doesNotContain("\tat ").doesNotContain("Exception").doesNotContainPattern(LOG_LINE);
    assertThat(demo.err.lines()).as(demo.toString()).singleElement().asString().startsWith(DEMO_LOG);
    Path log = demoLog(demo);
    try {
      // The SDK's warnings about the failed region and the release are there, one line each.
      assertThat(Files.readString(log))
          .containsPattern("WARN .*WorkflowType='RegionDeploymentWorkflow' \\(ANALYSIS_FAILED: ")
          .containsPattern("WARN .*WorkflowType='ReleaseWorkflow' \\(ANALYSIS_FAILED: ")
          .doesNotContain("\tat ").doesNotContain("Exception");
    } finally {
      Files.deleteIfExists(log);
    }
  }

  @Test
  void aWorkerLogsAReleaseItRolledBackAndItsOwnStopInOneLineEachWithNoTrace_andCountsTheReleaseAtItsMetricsEndpoint()
      throws Exception {
    try (EmbeddedTemporal server = EmbeddedTemporal.start(0);
        TemporalConnection temporal = TemporalConnection.open(ConnectionSettings.address(server.address()), Map.of(), null)) {
      Path out = dir.resolve("worker.out");
      int metricsPort = freePort();
      Process worker = start(out, "worker", "--provider", "sim", "--grace", "5s", "--address", server.address(),
          "--metrics-port", String.valueOf(metricsPort));
      awaitOutput(out, "worker polling");
      Path specFile = Files.writeString(dir.resolve("fast.yaml"), DemoSpecs.fast("300ms", "500ms"));
      var spec = SpecFiles.load(specFile).spec();
      String id = new ReleaseClient(temporal.client(), ReleaseIds.DEFAULT_TASK_QUEUE)
          .start(new ReleaseRequest(spec, "3.1.0", "carol", null)).getWorkflowId();
      ReleaseWorkflow release = temporal.client().newWorkflowStub(ReleaseWorkflow.class, id);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
          assertThat(release.status().phase()).isEqualTo(ReleasePhase.AWAITING_APPROVAL));
      // A rejected gate: the wave-1 alarm watch is cancelled and the release rolls back, as designed.
      release.reject(new GateDecision("rest", "alice", "not this week"));
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
          assertThat(release.status().phase()).isEqualTo(ReleasePhase.ROLLED_BACK));
      // The workflow itself ends a moment later (after its lock's): the failure the SDK logs is its end.
      assertThatThrownBy(() -> WorkflowStub.fromTyped(release).getResult(30, TimeUnit.SECONDS, Object.class))
          .isInstanceOf(WorkflowFailedException.class);
      // What Prometheus scrapes: the release started, rolled back for the rejection, its gate's wait.
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
          assertThat(scrape(metricsPort))
              .containsPattern(series("shepherd_releases_started_total", "application=\"payments\"") + " 1\\.0\n")
              .containsPattern(series("shepherd_releases_ended_total", "application=\"payments\"",
                  "outcome=\"rolled_back\"", "reason=\"rejection\"") + " 1\\.0\n")
              .containsPattern(series("shepherd_rollback_duration_seconds_count", "application=\"payments\"",
                  "reason=\"rejection\"") + " 1\n")
              .containsPattern(series("shepherd_approval_wait_seconds_bucket", "application=\"payments\"",
                  "decision=\"rejected\"", "gate=\"rest\"", "le=\"3600\\.0\"") + " 1\n"));

      worker.destroy();  // SIGTERM
      assertThat(worker.waitFor(25, TimeUnit.SECONDS)).as("exits within the grace period").isTrue();
      String logged = Files.readString(out.resolveSibling("worker.out.err"));
      assertThat(logged).as("the worker's log").doesNotContain("\tat ").doesNotContain("Exception")
          .contains("(REJECTED: ROLLED_BACK - rolled back: gate rest rejected by alice: not this week");
      assertThat(logged.lines()).as("every line a log line of its own").allMatch(l -> LOG_LINE.matcher(l).find());
    }
  }

  @Test
  void aBusyWorkerStopsCleanlyOnSigtermLettingItsActivityFinish() throws Exception {
    try (EmbeddedTemporal server = EmbeddedTemporal.start(0);
        TemporalConnection temporal = TemporalConnection.open(ConnectionSettings.address(server.address()), Map.of(), null)) {
      Path out = dir.resolve("worker.out");
      int metricsPort = freePort();
      Process worker = start(out, "worker", "--provider", "sim", "--sim-latency", "3s", "--grace", "20s",
          "--address", server.address(), "--metrics-port", String.valueOf(metricsPort));
      awaitOutput(out, "worker polling");
      assertThat(Files.readString(out)).contains("metrics at http://127.0.0.1:" + metricsPort + "/metrics");
      var spec = SpecFiles.load(Path.of("../examples/demo.yaml")).spec();
      String id = new ReleaseClient(temporal.client(), ReleaseIds.DEFAULT_TASK_QUEUE)
          .start(new ReleaseRequest(spec, "3.0.0", "carol", null)).getWorkflowId();
      ReleaseWorkflow release = temporal.client().newWorkflowStub(ReleaseWorkflow.class, id);
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
          assertThat(release.status().phase()).as("the release is building").isEqualTo(ReleasePhase.BUILDING));
      awaitRunningActivity(temporal, id, "RunBuild");
      assertThat(scrape(metricsPort)).as("the SDK's metrics, for Prometheus").contains("temporal_");

      long sent = System.nanoTime();
      worker.destroy();  // SIGTERM
      assertThat(worker.waitFor(25, TimeUnit.SECONDS)).as("exits within the grace period").isTrue();
      Duration took = Duration.ofNanos(System.nanoTime() - sent);
      String printed = Files.readString(out);
      assertThat(worker.exitValue()).as(printed).isZero();
      assertThat(printed).contains("worker stopped").doesNotContain("did not finish");
      assertThat(took).isLessThan(Duration.ofSeconds(20));
      // The build it was running finished and its result is in the history (queries need a worker; the
      // history does not).
      var events = temporal.client().fetchHistory(id).getEvents();
      long buildScheduled = events.stream()
          .filter(e -> e.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
              && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("RunBuild"))
          .mapToLong(e -> e.getEventId()).findFirst().orElseThrow();
      assertThat(events).as("the running build activity completed; worker said: " + printed + "\n"
          + Files.readString(out.resolveSibling("worker.out.err"))).anyMatch(e ->
          e.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
              && e.getActivityTaskCompletedEventAttributes().getScheduledEventId() == buildScheduled);
    }
  }

  /** The start of a line logback writes (logback.xml's pattern). */
  private static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +(TRACE|DEBUG|INFO|WARN|ERROR) ",
      Pattern.MULTILINE);

  /** What the demo says on stderr when it ends, before the path of its log. */
  private static final String DEMO_LOG = "shepherd: the demo's log (its worker and the Temporal SDK) is in ";

  private static Path demoLog(Finished demo) {
    return Path.of(demo.err.strip().substring(DEMO_LOG.length()));
  }

  private Finished run(Duration timeout, String... args) throws Exception {
    Path out = dir.resolve("out.txt");
    Process p = start(out, args);
    boolean done = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("shepherd " + String.join(" ", args) + " did not end within " + timeout + ":\n"
          + Files.readString(out));
    }
    return new Finished(p.exitValue(), Files.readString(out), Files.readString(out.resolveSibling("out.txt.err")));
  }

  private static Process start(Path out, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    // As the shepherd script runs it: without these the JDK warns about Netty on stderr.
    command.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    // The jar's logging (src/main/resources/logback.xml), not the tests' quieter one: what operators see.
    command.add("-Dlogback.configurationFile=logback.xml");
    command.add("dev.shepherd.cli.Main");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(out.resolveSibling(out.getFileName() + ".err").toFile()));
    pb.environment().put("USER", "carol");
    return pb.start();
  }

  /** Waits until a worker has picked up the activity (it is running, not just scheduled). */
  private static void awaitRunningActivity(TemporalConnection temporal, String workflowId, String type) throws Exception {
    var request = io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(temporal.namespace())
        .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId(workflowId))
        .build();
    await().alias(type + " started on the worker").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> temporal.stubs().blockingStub().describeWorkflowExecution(request).getPendingActivitiesList()
            .stream().anyMatch(a -> a.getActivityType().getName().equals(type)
                && a.getState() == io.temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED));
  }

  private static int freePort() throws IOException {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A pattern for one series of the Prometheus text format with these labels, among others, in this order. */
  private static String series(String name, String... labels) {
    return "\n" + name + "\\{([^}]*,)?" + String.join(",([^}]*,)?", labels) + "(,[^}]*)?}";
  }

  /** What a worker's {@code --metrics-port} serves to Prometheus. */
  private static String scrape(int metricsPort) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  private static void awaitOutput(Path out, String text) throws Exception {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
        assertThat(Files.exists(out) ? Files.readString(out) : "").as("what the process printed").contains(text));
  }

  private record Finished(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + ":\n" + out + "\n--- stderr\n" + err;
    }
  }
}
