package dev.shepherd.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shepherd.aws.AwsFixtures;
import dev.shepherd.aws.Moto;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.release.ReleaseWorkflow;
import dev.shepherd.spec.Region;
import dev.shepherd.worker.ConnectionSettings;
import dev.shepherd.worker.TemporalConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Shepherd on a production-shaped Temporal: the cluster of scripts/cluster.sh (frontend, history, matching
 * and worker as four processes on PostgreSQL, SQL visibility, 4 history shards), two Shepherd workers and the
 * CLI as separate processes, the AWS provider against moto. Each release must end as on the dev server: every
 * alias on the new version with no routing left, the flag on, exactly one new version per region. Each test
 * prints its longest stall: from a fault until the release or one of its regions records an event or one of
 * their activities starts again or heartbeats.
 *
 * <p>Tagged {@code cluster}: {@code ./mvnw verify} leaves it out (it needs PostgreSQL and a server built from
 * Go); scripts/cluster-test.sh runs it.
 */
@Tag("cluster")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterEndToEndTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final Region WEST = Region.of("eu-west-1");
  private static final Region SYDNEY = Region.of("ap-southeast-2");
  private static final List<Region> REGIONS = List.of(EAST, WEST, SYDNEY);
  private static final String PARAMETER = "/payments/flags/new-checkout";
  private static final List<String> STALLS = new CopyOnWriteArrayList<>();

  @TempDir
  Path dir;
  private ShepherdProcesses shepherd;
  private AwsFixtures aws;
  private TemporalConnection temporal;
  private String taskQueue;
  private String version;
  private final List<Process> workers = new ArrayList<>();

  @BeforeAll
  static void environment() {
    Moto.use(URI.create(E2eEnvironment.awsEndpoint()));
  }

  @AfterAll
  static void report() {
    System.out.println("cluster e2e, longest stall per fault:");
    STALLS.forEach(s -> System.out.println("  " + s));
  }

  @BeforeEach
  void setUp(TestInfo test) throws Exception {
    String address = ClusterEnvironment.temporalAddress();
    shepherd = new ShepherdProcesses(dir, address);
    aws = new AwsFixtures().project(EAST, "payments-build", "payments-api.zip");
    for (Region r : REGIONS) {
      aws.function(r).alarm(r, "payments-5xx");
    }
    aws.artifact("payments-api.zip", "version two");
    temporal = TemporalConnection.open(ConnectionSettings.address(address), Map.of(), null);
    E2eEnvironment.endRunningRelease(temporal.client(), "payments");
    String unique = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    taskQueue = "cluster-" + unique;
    version = "8." + unique + "." + test.getTestMethod().orElseThrow().getName().length();
    // Two workers on one task queue, as production runs them.
    workers.add(shepherd.worker(taskQueue));
    workers.add(shepherd.worker(taskQueue));
  }

  @AfterEach
  void tearDown() throws Exception {
    // A test that failed half-way may have left a service down: bring everything back for the next one.
    ClusterEnvironment.ensureUp();
    E2eEnvironment.endRunningRelease(temporal.client(), "payments");
    shepherd.stopAll();
    temporal.close();
    aws.close();
  }

  @Test
  void aReleaseApprovedByASecondUserEndsReleasedEverywhereAndListFindsItThroughSqlVisibility() throws Exception {
    start(spec("2s", "2s", "2s"));
    awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    var last = new AtomicReference<ShepherdProcesses.Result>();
    // Visibility (PostgreSQL here) is eventually consistent.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      last.set(shepherd.cli("list", "--app", "payments", "--phase", "AWAITING_APPROVAL"));
      assertThat(last.get().out()).as(last.get().toString()).contains(releaseId()).contains("AWAITING_APPROVAL");
    });
    var self = shepherd.cli("approve", "payments/" + version, "--as", "carol");
    assertThat(self.exitCode()).as(self.toString()).isEqualTo(2);
    assertThat(self.err()).contains("carol started this release and may not approve it");

    var approved = shepherd.cli("approve", "payments/" + version, "--as", "bob", "-m", "canary region healthy");
    assertThat(approved.exitCode()).as(approved.toString()).isZero();
    assertReleasedEverywhere();
    assertThat(status().gates().get(0).decidedBy()).isEqualTo("bob");
  }

  @Test
  void theHistoryServiceKilledMidBakeAndRestartedAndTheReleaseWentOn() throws Exception {
    start(spec("1s", "20s", "2s"));
    awaitStatus("wave 1 baking", s -> s.phase() == ReleasePhase.BAKING);
    takeDown("history", Duration.ofSeconds(5), "the history service SIGKILLed mid-bake");
    approveAndAssertReleased();
  }

  @Test
  void postgresqlKilledAndRestartedMidReleaseAndTheReleaseWentOn() throws Exception {
    start(spec("8s", "2s", "8s"));
    awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    assertThat(shepherd.cli("approve", "payments/" + version, "--as", "alice").exitCode()).isZero();
    // Wave 2's canaries: aliases half-way, both regions' workflows running.
    awaitCanary(WEST);
    awaitCanary(SYDNEY);
    takeDown("postgres", Duration.ofSeconds(3), "PostgreSQL SIGKILLed during wave 2's canaries");
    assertReleasedEverywhere();
  }

  @Test
  void oneOfTheTwoWorkersSigkilledMidDeployAndTheOtherFinishedTheRelease() throws Exception {
    start(spec("15s", "2s", "2s"));
    awaitCanary(EAST);
    // The worker that runs the canary's alarm watch (by its identity, pid@host): killing the idle one would
    // prove nothing.
    var holder = new AtomicReference<Process>();
    await().alias("an activity of us-east-1's canary running on one of the workers").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100)).until(() -> {
          var pending = temporal.client().newUntypedWorkflowStub(releaseId() + "/" + EAST.code()).describe()
              .getRawDescription().getPendingActivitiesList();
          for (var a : pending) {
            for (Process w : workers) {
              if (a.getLastWorkerIdentity().startsWith(w.pid() + "@")) {
                holder.set(w);
                return true;
              }
            }
          }
          return false;
        });
    Process victim = holder.get();
    Progress before = progress();
    long killedAt = System.nanoTime();
    victim.destroyForcibly();  // SIGKILL, and it stays dead: the other worker must carry on alone
    assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
    stalled("the worker running us-east-1's canary watch SIGKILLed (one of two)", before, killedAt);
    approveAndAssertReleased();
    assertThat(workers.stream().filter(Process::isAlive)).as("one worker finished the release").hasSize(1);
  }

  /** SIGKILLs one part of the cluster, leaves it down this long, starts it again, and waits for the release to recover. */
  private void takeDown(String service, Duration outage, String fault) throws Exception {
    Progress before = progress();
    long killedAt = System.nanoTime();
    ClusterEnvironment.kill(service);
    Thread.sleep(outage.toMillis());
    ClusterEnvironment.restart(service);
    stalled(fault + ", down " + outage.toSeconds() + " s", before, killedAt);
  }

  private void approveAndAssertReleased() throws Exception {
    awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    var approved = shepherd.cli("approve", "payments/" + version, "--as", "bob");
    assertThat(approved.exitCode()).as(approved.toString()).isZero();
    assertReleasedEverywhere();
  }

  /** What a user checks after a release: RELEASED, each alias on version 2 alone, one new version per region, the flag on. */
  private void assertReleasedEverywhere() throws Exception {
    var watched = shepherd.cli("watch", "payments/" + version);
    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    assertThat(status().phase()).isEqualTo(ReleasePhase.RELEASED);
    for (Region r : REGIONS) {
      var alias = aws.aws.lambda(r).getAlias(a -> a.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS));
      assertThat(alias.functionVersion()).as(r.code()).isEqualTo("2");
      assertThat(alias.routingConfig() == null || alias.routingConfig().additionalVersionWeights().isEmpty())
          .as("no routing weights in " + r).isTrue();
      var versions = aws.aws.lambda(r).listVersionsByFunction(v -> v.functionName(AwsFixtures.FUNCTION)).versions();
      assertThat(versions).extracting(v -> v.version()).as("one new version in " + r)
          .containsExactlyInAnyOrder("$LATEST", "1", "2");
    }
    assertThat(flag()).isEqualTo("true");
  }

  /**
   * Waits until the release has recovered from a fault: the cluster answers again, and every activity that was
   * pending at the fault has ended, been started again or heartbeated since (work the fault interrupted has been
   * picked up, not just other work carried on); with none pending, some workflow of the release has recorded a
   * new event. Prints
   * and keeps that stall, and holds it under a minute.
   */
  private void stalled(String fault, Progress before, long faultAt) {
    await().alias("recovery after: " + fault).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
        .until(() -> progress().movedOnFrom(before));
    Duration stall = Duration.ofNanos(System.nanoTime() - faultAt);
    String line = String.format("%s: recovered %.1f s after the fault", fault, stall.toMillis() / 1000.0);
    System.out.println("cluster e2e: " + line);
    STALLS.add(line);
    assertThat(stall).as(line).isLessThan(Duration.ofSeconds(60));
  }

  /** The events each workflow of the release recorded, and each pending activity's attempt, start and heartbeat. */
  private record Progress(Map<String, Long> events, Map<String, String> activities) {

    static final Progress UNAVAILABLE = new Progress(Map.of(), Map.of());

    boolean movedOnFrom(Progress before) {
      if (this == UNAVAILABLE) {
        return false;
      }
      if (before.activities.isEmpty()) {
        return events.entrySet().stream().anyMatch(e -> e.getValue() > before.events.getOrDefault(e.getKey(), 0L));
      }
      return before.activities.entrySet().stream().allMatch(a -> !a.getValue().equals(activities.get(a.getKey())));
    }
  }

  /** The release's progress now; {@link Progress#UNAVAILABLE} while the cluster cannot answer. */
  private Progress progress() {
    Map<String, Long> events = new java.util.HashMap<>();
    Map<String, String> activities = new java.util.HashMap<>();
    List<String> ids = new ArrayList<>(List.of(releaseId()));
    REGIONS.forEach(r -> ids.add(releaseId() + "/" + r.code()));
    for (String id : ids) {
      io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse d;
      try {
        d = temporal.client().newUntypedWorkflowStub(id).describe().getRawDescription();
      } catch (io.temporal.client.WorkflowNotFoundException notStarted) {
        continue;  // a region not deployed yet
      } catch (RuntimeException unavailable) {
        return Progress.UNAVAILABLE;
      }
      events.put(id, d.getWorkflowExecutionInfo().getHistoryLength());
      for (var a : d.getPendingActivitiesList()) {
        activities.put(id + "#" + a.getActivityId(), a.getAttempt() + "/" + a.getLastStartedTime() + "/"
            + a.getLastHeartbeatTime());
      }
    }
    return new Progress(events, activities);
  }

  private Path spec(String canary, String bake1, String bake2) throws Exception {
    Path file = dir.resolve("release.yaml");
    Files.writeString(file, EndToEndTest.SPEC.replace("CANARY", canary).replace("BAKE1", bake1).replace("BAKE2", bake2));
    return file;
  }

  private void start(Path spec) throws Exception {
    var started = shepherd.cli("start", "-f", spec.toString(), "--version", version, "--initiator", "carol",
        "--task-queue", taskQueue);
    assertThat(started.exitCode()).as(started.toString()).isZero();
  }

  private String releaseId() {
    return "release/payments/" + version;
  }

  private ReleaseStatus status() {
    return temporal.client().newWorkflowStub(ReleaseWorkflow.class, releaseId()).status();
  }

  private ReleaseStatus awaitStatus(String what, Predicate<ReleaseStatus> condition) {
    var last = new AtomicReference<ReleaseStatus>();
    await().alias("the release reaching " + what).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(RuntimeException.class)
        .untilAsserted(() -> {
          last.set(status());
          assertThat(condition.test(last.get())).as("last status " + last.get()).isTrue();
        });
    return last.get();
  }

  /** Waits until the region's alias routes a share of its traffic to the new version. */
  private void awaitCanary(Region region) {
    await().alias("the canary in " + region.code()).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
        .until(() -> {
          var routing = aws.aws.lambda(region).getAlias(a -> a.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS))
              .routingConfig();
          return routing != null && !routing.additionalVersionWeights().isEmpty();
        });
  }

  private String flag() {
    try {
      return aws.aws.ssm(EAST).getParameter(r -> r.name(PARAMETER)).parameter().value();
    } catch (ParameterNotFoundException e) {
      return null;
    }
  }
}
