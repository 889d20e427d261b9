package dev.shepherd.cli;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.release.ReleaseIds;
import dev.shepherd.release.ReleaseRequest;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.release.ReleaseWorkflow;
import dev.shepherd.worker.ConnectionSettings;
import dev.shepherd.worker.EmbeddedTemporal;
import dev.shepherd.worker.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * status, watch and abandon against an in-memory Temporal server running {@link FakeRelease}: a release
 * whose rollback did not complete, and one whose steps Temporal keeps retrying.
 */
class CliAgainstFakeReleaseTest {

  private static final String TASK_QUEUE = "cli-fake-releases";
  private static EmbeddedTemporal server;
  private static TemporalConnection connection;
  private static WorkerFactory workers;

  @BeforeAll
  static void startServerAndWorker() throws IOException {
    server = EmbeddedTemporal.start(0);
    connection = TemporalConnection.open(ConnectionSettings.address(server.address()), Map.of(), null);
    workers = WorkerFactory.newInstance(connection.client());
    var worker = workers.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(FakeRelease.Impl.class, FakeRelease.RegionImpl.class);
    worker.registerActivitiesImplementations(new FakeRelease.ThrottledSteps());
    workers.start();
  }

  @AfterAll
  static void stop() {
    workers.shutdownNow();
    connection.close();
    server.close();
  }

  @Test
  void statusOfAFailedRollbackExitsOneShowingTheDriftAndWhatToDo() {
    String id = start("3.0.1", Statuses.rollbackFailed("3.0.1"));

    var r = cli("status", "payments/3.0.1");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).containsPattern("eu-west-1 +DRIFTED +left on v2 by this release, found on v7 - not rolled back")
        .contains("shepherd rollback " + id).contains("shepherd abandon " + id + " -m REASON")
        .contains("FAILED     payments-api:live in ap-southeast-2 back to version 4");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void statusAsJsonCarriesTheRollbackPlanAndTheFoundVersion() {
    start("3.0.2", Statuses.rollbackFailed("3.0.2"));

    var r = cli("status", "release/payments/3.0.2", "--output", "json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    JsonNode s = r.json();
    assertThat(s.path("phase").asText()).isEqualTo("ROLLBACK_FAILED");
    assertThat(s.path("waves").get(1).path("regions").get(0).path("foundVersion").asText()).isEqualTo("7");
    assertThat(s.path("rollbackPlan").get(2).path("state").asText()).isEqualTo("FAILED");
    assertThat(s.path("rollbackPlan").get(2).path("what").asText())
        .isEqualTo("payments-api:live in ap-southeast-2 back to version 4");
    assertThat(s.path("retrying").isArray()).isTrue();
    assertThat(s.path("retrying")).isEmpty();
  }

  @Test
  void watchStopsAtAFailedRollbackExitingOneBecauseItNeedsAPerson() {
    String id = start("3.0.3", Statuses.rollbackFailed("3.0.3"));

    var r = cli("watch", "payments/3.0.3");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("ROLLBACK_FAILED").contains("shepherd abandon " + id + " -m REASON");
    var json = cli("watch", "payments/3.0.3", "--output", "json");
    assertThat(json.exitCode()).isEqualTo(1);
    assertThat(json.json().path("rollbackPlan")).hasSize(4);
    var lines = cli("watch", "payments/3.0.3", "--output", "jsonl");
    assertThat(lines.exitCode()).as(lines.toString()).isEqualTo(1);
    assertThat(lines.out().lines()).as("it stopped at once: one status, on one line").singleElement()
        .satisfies(line -> assertThat(new Cli.Result(0, line, "").json().path("phase").asText())
            .isEqualTo("ROLLBACK_FAILED"));
  }

  @Test
  void abandonClosesAFailedRollbackWithTheReasonInTheAuditLog() {
    String id = start("3.0.4", Statuses.rollbackFailed("3.0.4"));

    var r = cli("abandon", "payments/3.0.4", "--as", "dave", "-m", "alias in ap-southeast-2 restored by hand");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("abandoned " + id + " as dave: abandoned with 1 undo left");
    var status = cli("status", "payments/3.0.4");
    assertThat(status.exitCode()).as("abandoned is not released").isEqualTo(1);
    assertThat(status.out()).contains("phase    ABANDONED").contains("closed   abandoned by an operator")
        .contains("dave  ABANDONED  alias in ap-southeast-2 restored by hand");
    assertThat(cli("watch", "payments/3.0.4").exitCode()).isEqualTo(1);
  }

  @Test
  void abandonWithAnInvalidNameSendsNothing() {
    start("3.0.5", Statuses.rollbackFailed("3.0.5"));

    var r = cli("abandon", "payments/3.0.5", "--as", "dave smith", "-m", "done");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--as: \"dave smith\" contains a space");
    var status = cli("status", "payments/3.0.5", "--output", "json").json();
    assertThat(status.path("phase").asText()).isEqualTo("ROLLBACK_FAILED");
    assertThat(status.path("audit")).hasSize(1);
  }

  @Test
  void statusSaysWhichStepsAreBeingRetriedAndWhyAndAbandonIsRefusedWhileTheReleaseRuns() {
    String id = start("retrying-1", Statuses.deploying("retrying-1"));

    JsonNode retrying = awaitRetrying("payments/retrying-1", 2);
    List<String> types = new ArrayList<>();
    for (JsonNode r : retrying) {
      types.add(r.path("activityType").asText() + "@" + r.path("region").asText(null));
      assertThat(r.path("attempt").asInt()).isGreaterThan(1);
      assertThat(r.path("lastError").asText()).isEqualTo("Throttling: Rate exceeded");
    }
    assertThat(types).containsExactlyInAnyOrder("StartBuild@null", "UpdateCode@eu-west-1");

    var text = cli("status", "payments/retrying-1");
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).containsPattern("retrying StartBuild: attempt \\d+, last error: Throttling: Rate exceeded")
        .containsPattern("retrying UpdateCode in eu-west-1: attempt \\d+, last error: Throttling: Rate exceeded");

    var refused = cli("abandon", "payments/retrying-1", "--as", "dave", "-m", "give up");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err()).contains("refused: only a release in ROLLBACK_FAILED can be abandoned; this one is "
        + "DEPLOYING");
    connection.client().newUntypedWorkflowStub(id).terminate("test over");
  }

  private static JsonNode awaitRetrying(String id, int count) {
    var last = new java.util.concurrent.atomic.AtomicReference<JsonNode>();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      last.set(cli("status", id, "--output", "json").json().path("retrying"));
      assertThat(last.get().size()).as("retried steps in " + last.get()).isGreaterThanOrEqualTo(count);
    });
    return last.get();
  }

  private static String start(String version, ReleaseStatus status) {
    FakeRelease.STATUSES.put(version, status);
    String id = ReleaseIds.release("payments", version);
    ReleaseWorkflow release = connection.client().newWorkflowStub(ReleaseWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TASK_QUEUE).build());
    WorkflowClient.start(release::run, new ReleaseRequest(null, version, "carol", null));
    return id;
  }

  private static Cli.Result cli(String... args) {
    String[] withAddress = java.util.Arrays.copyOf(args, args.length + 2);
    withAddress[args.length] = "--address";
    withAddress[args.length + 1] = server.address();
    return Cli.run(Map.of("USER", "carol"), withAddress);
  }
}
