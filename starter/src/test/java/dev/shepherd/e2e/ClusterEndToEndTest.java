package dev.shepherd.e2e;

import static dev.shepherd.e2e.EndToEndFixture.EAST;
import static dev.shepherd.e2e.EndToEndFixture.REGIONS;
import static dev.shepherd.e2e.EndToEndFixture.SYDNEY;
import static dev.shepherd.e2e.EndToEndFixture.WEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shepherd.aws.AwsFixtures;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.spec.Region;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

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

  private static final List<String> STALLS = new CopyOnWriteArrayList<>();

  @RegisterExtension
  final EndToEndFixture e2e = EndToEndFixture.onTheCluster();
  private final List<Process> workers = new ArrayList<>();

  @AfterAll
  static void report() {
    System.out.println("cluster e2e, longest stall per fault:");
    STALLS.forEach(s -> System.out.println("  " + s));
  }

  @BeforeEach
  void twoWorkers() throws Exception {
    // Two workers on one task queue, as production runs them.
    workers.add(e2e.worker());
    workers.add(e2e.worker());
  }

  /** Runs before the fixture's clean-up, which needs the cluster. */
  @AfterEach
  void bringTheClusterBackUp() {
    // A test that failed half-way may have left a service down: bring everything back for the next one.
    ClusterEnvironment.ensureUp();
  }

  @Test
  void aReleaseApprovedByASecondUserEndsReleasedEverywhereAndListFindsItThroughSqlVisibility() throws Exception {
    e2e.startRelease(spec("2s", "2s", "2s"));
    e2e.awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    var last = new AtomicReference<ShepherdProcesses.Result>();
    // Visibility (PostgreSQL here) is eventually consistent.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      last.set(e2e.cli("list", "--app", "payments", "--phase", "AWAITING_APPROVAL"));
      assertThat(last.get().out()).as(last.get().toString()).contains(e2e.releaseId()).contains("AWAITING_APPROVAL");
    });
    var self = e2e.cli("approve", "payments/" + e2e.version(), "--as", "carol");
    assertThat(self.exitCode()).as(self.toString()).isEqualTo(2);
    assertThat(self.err()).contains("carol started this release and may not approve it");

    var approved = e2e.cli("approve", "payments/" + e2e.version(), "--as", "bob", "-m", "canary region healthy");
    assertThat(approved.exitCode()).as(approved.toString()).isZero();
    assertReleasedEverywhere();
    assertThat(e2e.status().gates().get(0).decidedBy()).isEqualTo("bob");
  }

  @Test
  void theHistoryServiceKilledMidBakeAndRestartedAndTheReleaseWentOn() throws Exception {
    e2e.startRelease(spec("1s", "20s", "2s"));
    e2e.awaitStatus("wave 1 baking", s -> s.phase() == ReleasePhase.BAKING);
    takeDown("history", Duration.ofSeconds(5), "the history service SIGKILLed mid-bake");
    approveAndAssertReleased();
  }

  @Test
  void postgresqlKilledAndRestartedMidReleaseAndTheReleaseWentOn() throws Exception {
    e2e.startRelease(spec("8s", "2s", "8s"));
    e2e.awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    assertThat(e2e.cli("approve", "payments/" + e2e.version(), "--as", "alice").exitCode()).isZero();
    // Wave 2's canaries: aliases half-way, both regions' workflows running.
    awaitCanary(WEST);
    awaitCanary(SYDNEY);
    takeDown("postgres", Duration.ofSeconds(3), "PostgreSQL SIGKILLed during wave 2's canaries");
    assertReleasedEverywhere();
  }

  @Test
  void oneOfTheTwoWorkersSigkilledMidDeployAndTheOtherFinishedTheRelease() throws Exception {
    e2e.startRelease(spec("15s", "2s", "2s"));
    awaitCanary(EAST);
    // The worker that runs the canary's alarm watch (by its identity, pid@host): killing the idle one would
    // prove nothing.
    var holder = new AtomicReference<Process>();
    await().alias("an activity of us-east-1's canary running on one of the workers").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100)).until(() -> {
          var pending = e2e.client().newUntypedWorkflowStub(e2e.releaseId() + "/" + EAST.code()).describe()
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
    e2e.awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    var approved = e2e.cli("approve", "payments/" + e2e.version(), "--as", "bob");
    assertThat(approved.exitCode()).as(approved.toString()).isZero();
    assertReleasedEverywhere();
  }

  /** What a user checks after a release: RELEASED, each alias on version 2 alone, one new version per region, the flag on. */
  private void assertReleasedEverywhere() throws Exception {
    var watched = e2e.cli("watch", "payments/" + e2e.version());
    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    assertThat(e2e.status().phase()).isEqualTo(ReleasePhase.RELEASED);
    e2e.assertEveryAliasOnlyOn("2");
    for (Region r : REGIONS) {
      assertThat(e2e.publishedVersions(r)).as("one new version in " + r).containsExactlyInAnyOrder("$LATEST", "1", "2");
    }
    assertThat(e2e.flag()).isEqualTo("true");
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
    List<String> ids = new ArrayList<>(List.of(e2e.releaseId()));
    REGIONS.forEach(r -> ids.add(e2e.releaseId() + "/" + r.code()));
    for (String id : ids) {
      io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse d;
      try {
        d = e2e.client().newUntypedWorkflowStub(id).describe().getRawDescription();
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
    return e2e.writeSpec(EndToEndTest.SPEC.replace("CANARY", canary).replace("BAKE1", bake1).replace("BAKE2", bake2));
  }

  /** Waits until the region's alias routes a share of its traffic to the new version. */
  private void awaitCanary(Region region) {
    await().alias("the canary in " + region.code()).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
        .until(() -> {
          var routing = e2e.lambda(region).getAlias(a -> a.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS))
              .routingConfig();
          return routing != null && !routing.additionalVersionWeights().isEmpty();
        });
  }
}
