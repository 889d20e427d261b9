package dev.shepherd.cli;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.release.ReleaseIds;
import dev.shepherd.spec.Region;
import dev.shepherd.sim.SimulatedCloud;
import dev.shepherd.sim.SimProvider;
import dev.shepherd.worker.ConnectionSettings;
import dev.shepherd.worker.EmbeddedTemporal;
import dev.shepherd.worker.ShepherdWorker;
import dev.shepherd.worker.SpecFiles;
import dev.shepherd.worker.TemporalConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The commands against a running in-memory Temporal server with a worker on the simulated cloud. */
class CliAgainstServerTest {

  private static final AtomicInteger VERSIONS = new AtomicInteger();
  private static EmbeddedTemporal server;
  private static TemporalConnection connection;
  private static ShepherdWorker worker;
  private static Path spec;

  @BeforeAll
  static void startServerAndWorker() throws IOException {
    server = EmbeddedTemporal.start(0);
    connection = TemporalConnection.open(ConnectionSettings.address(server.address()), Map.of(), null);
    worker = new ShepherdWorker(connection.client(), ReleaseIds.DEFAULT_TASK_QUEUE,
        SimProvider.activities(SimulatedCloud.autoProvisioned())).start();
    spec = Files.createTempFile("release", ".yaml");
    Files.writeString(spec, DemoSpecs.fast("300ms", "500ms"));
  }

  @AfterAll
  static void stop() throws IOException {
    worker.shutdown(Duration.ofSeconds(5));
    connection.close();
    server.close();
    Files.deleteIfExists(spec);
  }

  /**
   * Every test ends with no release of the application running, so that the next can take its lock and find
   * the aliases as a release leaves them: what is left is terminated, with its lock and its region deployments
   * (the in-memory server does not apply parent close policies, and a region deployment left running would go
   * on moving its alias under the next test's release).
   */
  @AfterEach
  void endWhatIsStillRunning() {
    LockCheck.Holder holder = LockCheck.holder(connection.client(), "payments");
    if (holder != null) {
      terminate(holder.releaseId());
      for (Region region : SpecFiles.load(spec).spec().allRegions()) {
        terminate(ReleaseIds.region(holder.releaseId(), region));
      }
      terminate(ReleaseIds.lock("payments"));
    }
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> LockCheck.holder(connection.client(), "payments") == null);
  }

  private static void terminate(String workflowId) {
    try {
      connection.client().newUntypedWorkflowStub(workflowId).terminate("test over");
    } catch (io.temporal.client.WorkflowNotFoundException ended) {
      // Ended in between, or never started (a region the release had not reached).
    }
  }

  @Test
  void givenAReleaseOfTheApplicationRunning_aSecondStartIsRefusedNamingItAndItsPhase_orQueuedWithQueue() {
    String running = started("carol");
    awaitPhase(running, "AWAITING_APPROVAL");
    String second = nextVersion();

    var refused = cli("start", "-f", spec.toString(), "--version", second, "--initiator", "dave");

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err()).contains("release/payments/" + running + " (AWAITING_APPROVAL)").contains("--queue");
    assertThat(cli("status", "payments/" + second).exitCode()).as("nothing was started").isEqualTo(2);

    var queued = cli("start", "-f", spec.toString(), "--version", second, "--initiator", "dave", "--queue");
    assertThat(queued.exitCode()).as(queued.toString()).isZero();
    assertThat(queued.out()).contains("queued  behind release/payments/" + running);
    awaitPhase(second, "QUEUED");
    assertThat(cli("reject", "payments/" + running, "--as", "alice", "-m", "make way").exitCode()).isZero();
    awaitPhase(second, "AWAITING_APPROVAL");
  }

  @Test
  void startPrintsTheIdAndWebUiLinkAndASecondStartIsRefused() {
    String version = nextVersion();
    var r = cli("start", "-f", spec.toString(), "--version", version, "--initiator", "carol");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("started release/payments/" + version)
        .contains("/namespaces/default/workflows/release%2Fpayments%2F" + version);
    var again = cli("start", "-f", spec.toString(), "--version", version, "--initiator", "dave");
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("release/payments/" + version + " already exists");
    cli("abort", "payments/" + version, "--as", "carol", "-m", "test over");
  }

  @Test
  void statusAsJsonHasTheContractedShapeAndBothIdFormsWork() {
    String version = started("carol");
    awaitPhase(version, "AWAITING_APPROVAL");
    var approved = cli("approve", "payments/" + version, "--as", "bob", "-m", "canary fine");
    assertThat(approved.exitCode()).as(approved.toString()).isZero();
    assertThat(approved.out()).contains("gate rest APPROVED");

    var r = cli("status", "release/payments/" + version, "--output", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode s = r.json();
    assertThat(s.path("workflowId").asText()).isEqualTo("release/payments/" + version);
    assertThat(s.path("application").asText()).isEqualTo("payments");
    assertThat(s.path("version").asText()).isEqualTo(version);
    assertThat(s.path("phase").asText()).isNotBlank();
    JsonNode wave = s.path("waves").get(0);
    assertThat(wave.path("name").asText()).isEqualTo("canary-region");
    assertThat(wave.path("state").asText()).isNotBlank();
    JsonNode region = wave.path("regions").get(0);
    assertThat(region.path("region").asText()).isEqualTo("us-east-1");
    assertThat(region.path("state").asText()).isEqualTo("DEPLOYED");
    // Other tests release to the same simulated cloud: the numbers move on, the relation holds.
    assertThat(region.path("version").asText()).isEqualTo(region.path("newVersion").asText()).matches("\\d+");
    assertThat(region.path("previousVersion").asText()).matches("\\d+")
        .isNotEqualTo(region.path("version").asText());
    JsonNode gate = s.path("gates").get(0);
    assertThat(gate.path("name").asText()).isEqualTo("rest");
    assertThat(gate.path("state").asText()).isEqualTo("APPROVED");
    assertThat(gate.path("decidedBy").asText()).isEqualTo("bob");
    assertThat(gate.path("comment").asText()).isEqualTo("canary fine");
    assertThat(s.path("audit").get(0).path("action").asText()).isEqualTo("STARTED");
    assertThat(s.path("audit").get(0).path("identity").asText()).isEqualTo("UNVERIFIED");
    JsonNode audit = s.path("audit").get(1);
    assertThat(audit.path("actor").asText()).isEqualTo("bob");
    assertThat(audit.path("action").asText()).isEqualTo("APPROVED");
    assertThat(audit.path("at").asText()).matches("\\d{4}-.*Z");
    assertThat(audit.has("detail")).isTrue();

    var text = cli("status", "payments/" + version);
    assertThat(text.out()).contains("release/payments/" + version).contains("canary-region").contains("us-east-1");
    var watched = cli("watch", "payments/" + version);
    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    assertThat(watched.out()).contains("RELEASED");
  }

  @Test
  void theInitiatorsApprovalIsRefusedWithTheWorkflowsReasonAndNothingIsRecorded() {
    String version = started("carol");
    awaitPhase(version, "AWAITING_APPROVAL");
    var r = cli("approve", "payments/" + version);  // --as defaults to the OS user: carol
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("refused: carol started this release and may not approve it");
    var status = cli("status", "payments/" + version, "--output", "json").json();
    assertThat(status.path("audit")).as("nothing recorded after who started it").hasSize(1);
    assertThat(status.path("audit").get(0).path("action").asText()).isEqualTo("STARTED");
    assertThat(status.path("gates").get(0).path("state").asText()).isEqualTo("WAITING");
    cli("reject", "payments/" + version, "--as", "alice", "-m", "not today");
    var watched = cli("watch", "payments/" + version);
    assertThat(watched.exitCode()).as("rolled back").isEqualTo(1);
    assertThat(watched.out()).contains("ROLLED_BACK");
    assertThat(cli("status", "payments/" + version).exitCode()).isEqualTo(1);
  }

  @Test
  void startWithWaitFollowsTheReleaseToItsEnd() throws IOException {
    Path noGates = Files.createTempFile("release", ".yaml");
    try {
      Files.writeString(noGates, Files.readString(spec).replace("approval: required", "approval: none"));
      var r = cli("start", "-f", noGates.toString(), "--version", nextVersion(), "--initiator", "carol", "--wait");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).contains("started release/payments/").contains("RELEASED");
    } finally {
      Files.deleteIfExists(noGates);
    }
  }

  @Test
  void retryOfARunningReleaseIsRefused() {
    String version = started("carol");
    var r = cli("retry", "payments/" + version, "--as", "bob");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("refused: the release is not paused");
    cli("abort", "payments/" + version, "--as", "bob", "-m", "test over");
  }

  @Test
  void anUnknownReleaseExitsTwo() {
    var r = cli("status", "payments/0.0.0-nope");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("release/payments/0.0.0-nope");
  }

  @Test
  void listSaysClearlyThatTheEmbeddedServerHasNoVisibility() {
    var r = cli("list", "--phase", "AWAITING_APPROVAL");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("cannot list releases");
  }

  private static String started(String initiator) {
    String version = nextVersion();
    var r = cli("start", "-f", spec.toString(), "--version", version, "--initiator", initiator);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return version;
  }

  private static void awaitPhase(String version, String phase) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
        assertThat(cli("status", "payments/" + version, "--output", "json").json().path("phase").asText())
            .as("phase of release " + version).isEqualTo(phase));
  }

  private static String nextVersion() {
    return "2.0." + VERSIONS.incrementAndGet();
  }

  private static Cli.Result cli(String... args) {
    String[] withAddress = java.util.Arrays.copyOf(args, args.length + 2);
    withAddress[args.length] = "--address";
    withAddress[args.length + 1] = server.address();
    return Cli.run(Map.of("USER", "carol"), withAddress);
  }
}
