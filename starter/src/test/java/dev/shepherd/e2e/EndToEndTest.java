package dev.shepherd.e2e;

import static dev.shepherd.e2e.EndToEndFixture.ALARM;
import static dev.shepherd.e2e.EndToEndFixture.EAST;
import static dev.shepherd.e2e.EndToEndFixture.FLAG_PARAMETER;
import static dev.shepherd.e2e.EndToEndFixture.REGIONS;
import static dev.shepherd.e2e.EndToEndFixture.SYDNEY;
import static dev.shepherd.e2e.EndToEndFixture.WEST;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.aws.AwsFixtures;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.release.ReleaseWorkflow;
import dev.shepherd.spec.Region;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * The whole system the way an operator runs it: the real Temporal dev server, the worker and the CLI as
 * separate processes, the AWS provider against moto.
 */
class EndToEndTest {

  /** Two waves over three regions, the second behind an approval; the flag bakes 1s (used by ClusterEndToEndTest too). */
  static final String SPEC = """
      application: payments
      build: { codebuild: { project: payments-build }, timeout: 10m }
      deploy:
        lambda: { function: payments-api, alias: live }
        canary: { weight: 10, duration: CANARY }
      alarms: [ payments-5xx ]
      waves:
        - { name: canary-region, regions: [ us-east-1 ], bake: BAKE1 }
        - { name: rest, regions: [ eu-west-1, ap-southeast-2 ], bake: BAKE2, approval: required }
      flag:
        ssm: { parameter: /payments/flags/new-checkout }
        region: us-east-1
        bake: 1s
      approvers: [ alice, bob ]
      """;

  @RegisterExtension
  final EndToEndFixture e2e = EndToEndFixture.onTheDevServer("e2e");

  @Test
  void aReleaseApprovedFromTheCliByASecondUserEndsReleasedEverywhere() throws Exception {
    e2e.worker();
    e2e.startRelease(spec("1s", "1s", "2s"));
    e2e.awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    // Another build of the project overwrites the artifact's key while the release waits at its gate.
    e2e.aws().artifact("payments-api.zip", "someone else's build");
    var approved = e2e.cli("approve", "payments/" + e2e.version(), "--as", "bob", "-m", "canary region healthy");
    assertThat(approved.exitCode()).as(approved.toString()).isZero();

    var watched = e2e.cli("watch", "payments/" + e2e.version());
    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    e2e.assertEveryAliasOnlyOn("2");
    assertThat(e2e.flag()).isEqualTo("true");
    String built = AwsFixtures.sha256("version two");
    for (Region r : REGIONS) {
      String code = e2e.lambda(r).getFunctionConfiguration(c -> c.functionName(AwsFixtures.FUNCTION)
          .qualifier("2")).codeSha256();
      assertThat(java.util.HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(code)))
          .as("wave 2 deploys the bytes the build produced in " + r).isEqualTo(built);
    }
    var status = e2e.cli("status", "payments/" + e2e.version(), "--output", "json");
    assertThat(status.out()).contains("\"phase\" : \"RELEASED\"").contains("\"artifactSha256\" : \"" + built + "\"");
    // The history holds the approval, with the approver's name and comment.
    var accepted = e2e.client().fetchHistory(e2e.releaseId()).getEvents().stream()
        .filter(e -> e.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
        .map(e -> e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest().getInput())
        // start asked the release what it found at its application's lock: an update too.
        .filter(input -> !input.getName().equals("lockDecision"))
        .toList();
    assertThat(accepted).singleElement().satisfies(input -> {
      assertThat(input.getName()).isEqualTo("approve");
      assertThat(input.getArgs().getPayloads(0).getData().toStringUtf8())
          .contains("\"actor\":\"bob\"").contains("canary region healthy");
    });
    record("e2e-happy-path");
  }

  @Test
  void anAlarmDuringWave2sBakeRollsEveryRegionBackAndWatchSaysWhichAlarm() throws Exception {
    e2e.worker();
    e2e.startRelease(spec("1s", "1s", "30s"));
    e2e.awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    assertThat(e2e.cli("approve", "payments/" + e2e.version(), "--as", "alice").exitCode()).isZero();
    e2e.awaitStatus("wave 2 baking", s -> s.phase() == ReleasePhase.BAKING && s.waves().get(1).state().name().equals("BAKING"));
    e2e.aws().setAlarm(WEST, ALARM, StateValue.ALARM, "5xx above 2% after the rest of the fleet moved");

    var watched = e2e.cli("watch", "payments/" + e2e.version());
    assertThat(watched.exitCode()).as(watched.toString()).isEqualTo(1);
    assertThat(watched.out()).contains("ROLLED_BACK").contains("payments-5xx in eu-west-1");
    for (Region r : REGIONS) {
      assertThat(e2e.aliasVersion(r)).as(r.code()).isEqualTo("1");
    }
    assertThat(e2e.flag()).as("the flag was never touched").isNull();
    record("e2e-alarm-in-wave-2-bake");
  }

  @Test
  void aWorkerKilledDuringABakeIsReplacedAndNothingIsDoneTwice() throws Exception {
    Process first = e2e.worker();
    e2e.startRelease(spec("1s", "8s", "1s"));
    e2e.awaitStatus("wave 1 baking", s -> s.phase() == ReleasePhase.BAKING);
    first.destroyForcibly();  // SIGKILL
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
    e2e.worker();
    e2e.awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    assertThat(e2e.cli("approve", "payments/" + e2e.version(), "--as", "bob").exitCode()).isZero();
    var watched = e2e.cli("watch", "payments/" + e2e.version());
    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    for (Region r : REGIONS) {
      assertThat(e2e.publishedVersions(r)).as("one new version in " + r).containsExactlyInAnyOrder("$LATEST", "1", "2");
      assertThat(e2e.aliasVersion(r)).isEqualTo("2");
    }
    record("e2e-worker-killed");
  }

  @Test
  void theDevServerRestartedMidReleaseAndTheReleaseWentOn() throws Exception {
    e2e.worker();
    e2e.startRelease(spec("1s", "6s", "1s"));
    e2e.awaitStatus("wave 1 baking", s -> s.phase() == ReleasePhase.BAKING);
    E2eEnvironment.restartTemporal();
    e2e.awaitStatus("the approval gate after the restart", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    assertThat(e2e.cli("approve", "payments/" + e2e.version(), "--as", "alice").exitCode()).isZero();
    var watched = e2e.cli("watch", "payments/" + e2e.version());
    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    assertThat(e2e.aliasVersion(SYDNEY)).isEqualTo("2");
  }

  @Test
  void anAbortFromTheCliDuringACanaryRollsBack() throws Exception {
    e2e.worker();
    e2e.startRelease(spec("30s", "1s", "1s"));
    e2e.awaitStatus("the canary in us-east-1", s -> {
      var routing = e2e.lambda(EAST).getAlias(a -> a.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS))
          .routingConfig();
      return routing != null && !routing.additionalVersionWeights().isEmpty();
    });
    var aborted = e2e.cli("abort", "payments/" + e2e.version(), "--as", "dave", "-m", "wrong build");
    assertThat(aborted.exitCode()).as(aborted.toString()).isZero();
    var watched = e2e.cli("watch", "payments/" + e2e.version());
    assertThat(watched.exitCode()).isEqualTo(1);
    assertThat(watched.out()).contains("ROLLED_BACK").contains("aborted by dave: wrong build");
    var alias = e2e.lambda(EAST).getAlias(a -> a.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS));
    assertThat(alias.functionVersion()).isEqualTo("1");
    assertThat(alias.routingConfig() == null || alias.routingConfig().additionalVersionWeights().isEmpty()).isTrue();
    record("e2e-abort-in-canary");
  }

  @Test
  void theTemporalCliCanApproveTheInitiatorCannotAndListFindsTheWaitingRelease() throws Exception {
    e2e.worker();
    e2e.startRelease(spec("1s", "1s", "1s"));
    e2e.awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);

    var listed = awaitList();
    assertThat(listed.out()).contains(e2e.releaseId()).contains("AWAITING_APPROVAL");

    var self = e2e.cli("approve", "payments/" + e2e.version(), "--as", "carol");
    assertThat(self.exitCode()).isEqualTo(2);
    assertThat(self.err()).contains("refused: carol started this release and may not approve it");
    assertThat(e2e.status().audit()).as("nothing recorded after who started it").extracting(a -> a.action())
        .containsExactly("STARTED");

    Process signal = new ProcessBuilder("temporal", "workflow", "signal", "--address", E2eEnvironment.temporalAddress(),
        "--workflow-id", e2e.releaseId(), "--name", "approveGate",
        "--input", "{\"gate\":\"rest\",\"actor\":\"bob\",\"comment\":\"via the Temporal CLI\"}")
        .redirectErrorStream(true).start();
    assertThat(signal.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(signal.exitValue()).as(new String(signal.getInputStream().readAllBytes())).isZero();
    var watched = e2e.cli("watch", "payments/" + e2e.version());
    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    assertThat(e2e.status().gates().get(0).decidedBy()).isEqualTo("bob");
    assertThat(e2e.status().gates().get(0).comment()).isEqualTo("via the Temporal CLI");
    record("e2e-approval-by-temporal-cli");
  }

  @Test
  void anAliasDeletedMidBakeLeavesTheReleaseOpenInRollbackFailedUntilItIsRecreatedAndRolledBack() throws Exception {
    e2e.worker();
    e2e.startRelease(spec("1s", "1s", "60s"));
    e2e.awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    assertThat(e2e.cli("approve", "payments/" + e2e.version(), "--as", "alice").exitCode()).isZero();
    e2e.awaitStatus("wave 2 baking", s -> s.waves().get(1).state().name().equals("BAKING"));
    e2e.lambda(WEST).deleteAlias(a -> a.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS));
    e2e.aws().setAlarm(SYDNEY, ALARM, StateValue.ALARM, "5xx above 2%");

    ReleaseStatus failed = e2e.awaitStatus("ROLLBACK_FAILED", s -> s.phase() == ReleasePhase.ROLLBACK_FAILED);
    assertThat(e2e.client().newUntypedWorkflowStub(e2e.releaseId()).describe().getStatus())
        .as("the release stays open").isEqualTo(io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(failed.waves().get(1).regions().get(0).state().name()).isEqualTo("ROLLBACK_FAILED");
    assertThat(e2e.aliasVersion(EAST)).as("the other regions are rolled back").isEqualTo("1");
    assertThat(e2e.aliasVersion(SYDNEY)).isEqualTo("1");

    // The operator recreates the alias where the release had left it, then asks for the rest to be undone.
    e2e.lambda(WEST).createAlias(a -> a.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS).functionVersion("2"));
    var rollback = e2e.cli("rollback", "payments/" + e2e.version(), "--as", "bob", "-m", "alias recreated");
    assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
    e2e.awaitStatus("ROLLED_BACK", s -> s.phase() == ReleasePhase.ROLLED_BACK);
    assertThat(e2e.aliasVersion(WEST)).isEqualTo("1");
    record("e2e-rollback-failed-then-retried");
  }

  @Test
  void anAliasMovedByHandDuringTheBakeIsLeftDriftedAndTheOtherRegionsRollBack() throws Exception {
    e2e.worker();
    e2e.startRelease(spec("1s", "1s", "60s"));
    e2e.awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    assertThat(e2e.cli("approve", "payments/" + e2e.version(), "--as", "alice").exitCode()).isZero();
    e2e.awaitStatus("wave 2 baking", s -> s.waves().get(1).state().name().equals("BAKING"));
    // A hotfix, by hand: new code, a new version, the alias moved to it.
    var lambda = e2e.lambda(WEST);
    lambda.updateFunctionCode(u -> u.functionName(AwsFixtures.FUNCTION)
        .zipFile(software.amazon.awssdk.core.SdkBytes.fromByteArray(AwsFixtures.zip("hotfix"))));
    String hotfix = lambda.publishVersion(p -> p.functionName(AwsFixtures.FUNCTION).description("hotfix by hand")).version();
    lambda.updateAlias(a -> a.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS).functionVersion(hotfix));
    e2e.aws().setAlarm(SYDNEY, ALARM, StateValue.ALARM, "5xx above 2%");

    var watched = e2e.cli("watch", "payments/" + e2e.version());
    assertThat(watched.exitCode()).as(watched.toString()).isEqualTo(1);
    assertThat(e2e.aliasVersion(WEST)).as("the hotfix is not reverted").isEqualTo(hotfix);
    assertThat(e2e.aliasVersion(EAST)).isEqualTo("1");
    assertThat(e2e.aliasVersion(SYDNEY)).isEqualTo("1");
    ReleaseStatus done = e2e.status();
    assertThat(done.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
    var west = done.waves().get(1).regions().get(0);
    assertThat(west.state().name()).isEqualTo("DRIFTED");
    assertThat(west.newVersion()).isEqualTo("2");
    assertThat(west.foundVersion()).isEqualTo(hotfix);
    var json = e2e.cli("status", "payments/" + e2e.version(), "--output", "json");
    assertThat(json.out()).contains("\"DRIFTED\"").contains("\"foundVersion\" : \"" + hotfix + "\"");
    record("e2e-alias-drifted");
  }

  /**
   * A crash costs seconds: the worker is SIGKILLed at {@value #KILLS} random moments across one release
   * (a new one started each time), and the release still ends RELEASED with exactly one new version per
   * region. The longest stall (from a kill until the release or one of its regions records an event, or
   * one of their activities is started again or heartbeats) is printed, and must stay under a minute (the
   * target is 30 seconds, plus a JVM start).
   */
  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void aReleaseSurvivesItsWorkerKilledAtTwentyRandomMoments() throws Exception {
    long seed = System.nanoTime();
    java.util.Random random = new java.util.Random(seed);
    Process worker = e2e.worker();
    // Bakes are durable timers that run on while the worker is dead: long enough that twenty kills, each
    // followed by a stall of up to ~25 s (a heartbeat timeout), fit before the release ends.
    Path spec = e2e.writeSpec(SPEC.replace(", approval: required", "").replace("CANARY", "5s").replace("BAKE1", "30s")
        .replace("BAKE2", "30s").replace("bake: 1s", "bake: 30s"));
    e2e.startRelease(spec);
    Duration longest = Duration.ZERO;
    int kills = 0;
    while (kills < KILLS && !ended()) {
      Thread.sleep(300 + random.nextInt(1700));
      String before = progress();
      long killedAt = System.nanoTime();
      worker.destroyForcibly();  // SIGKILL
      assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
      kills++;
      worker = e2e.worker();
      await().alias("progress after kill " + kills + " (seed " + seed + ")").atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> !progress().equals(before) || ended());
      Duration stall = Duration.ofNanos(System.nanoTime() - killedAt);
      longest = stall.compareTo(longest) > 0 ? stall : longest;
    }
    var watched = e2e.cli("watch", "payments/" + e2e.version());
    System.out.printf("worker SIGKILLed %d times across one release (seed %d): longest stall %.1fs%n", kills, seed,
        longest.toMillis() / 1000.0);
    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    assertThat(kills).as("killed " + KILLS + " times before the release ended").isEqualTo(KILLS);
    for (Region r : REGIONS) {
      assertThat(e2e.publishedVersions(r)).as("one new version in " + r).containsExactlyInAnyOrder("$LATEST", "1", "2");
      assertThat(e2e.aliasVersion(r)).isEqualTo("2");
    }
    assertThat(e2e.flag()).isEqualTo("true");
    assertThat(longest).as("longest stall (seed " + seed + ")").isLessThan(Duration.ofSeconds(60));
    record("e2e-worker-killed-20-times");
  }

  private static final int KILLS = 20;

  /**
   * What the release and its region workflows have done so far: the events they recorded, and for each
   * pending activity its attempt, when it last started and when it last heartbeated.
   */
  private String progress() {
    StringBuilder sb = new StringBuilder();
    List<String> ids = new java.util.ArrayList<>(List.of(e2e.releaseId()));
    REGIONS.forEach(r -> ids.add(e2e.releaseId() + "/" + r.code()));
    for (String id : ids) {
      try {
        var d = e2e.client().newUntypedWorkflowStub(id).describe().getRawDescription();
        sb.append(d.getWorkflowExecutionInfo().getHistoryLength()).append(';');
        for (var a : d.getPendingActivitiesList()) {
          sb.append(a.getActivityId()).append('/').append(a.getAttempt()).append('/')
              .append(a.getLastStartedTime().getSeconds()).append('.').append(a.getLastStartedTime().getNanos())
              .append('/').append(a.getLastHeartbeatTime().getSeconds()).append(';');
        }
      } catch (RuntimeException notStarted) {
        sb.append("-;");  // a region not deployed yet
      }
    }
    return sb.toString();
  }

  private ShepherdProcesses.Result awaitList() throws Exception {
    // Visibility is eventually consistent.
    var last = new AtomicReference<ShepherdProcesses.Result>();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      last.set(e2e.cli("list", "--app", "payments", "--phase", "AWAITING_APPROVAL"));
      assertThat(last.get().out()).as(last.get().toString()).contains(e2e.releaseId());
    });
    return last.get();
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void twoStartsAtOnceLetExactlyOneReleaseRunAndAQueuedOneGoesOnWhenTheHolderIsTerminated() throws Exception {
    e2e.worker();
    Path spec = spec("1s", "1s", "2s");
    String a = e2e.version() + "a";
    String b = e2e.version() + "b";
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    ShepherdProcesses.Result[] results;
    try {
      var first = pool.submit(() -> e2e.cli("start", "-f", spec.toString(), "--version", a, "--initiator", "carol",
          "--task-queue", e2e.taskQueue()));
      var second = pool.submit(() -> e2e.cli("start", "-f", spec.toString(), "--version", b, "--initiator", "dave",
          "--task-queue", e2e.taskQueue()));
      results = new ShepherdProcesses.Result[] {first.get(), second.get()};
    } finally {
      pool.shutdownNow();
    }

    assertThat(results).extracting(ShepherdProcesses.Result::exitCode).as(results[0] + "\n" + results[1])
        .containsExactlyInAnyOrder(0, 2);
    String winner = results[0].exitCode() == 0 ? a : b;
    String loser = winner.equals(a) ? b : a;
    ShepherdProcesses.Result refused = results[0].exitCode() == 2 ? results[0] : results[1];
    assertThat(refused.err()).contains("release/payments/" + winner).contains("--queue");
    var running = e2e.client().newWorkflowStub(ReleaseWorkflow.class, "release/payments/" + winner);
    await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
        .until(() -> running.status().phase() == ReleasePhase.AWAITING_APPROVAL);
    // The loser either was never started (refused before) or ended at once having changed nothing.
    try {
      var lost = e2e.client().newWorkflowStub(ReleaseWorkflow.class, "release/payments/" + loser).status();
      assertThat(lost.phase()).isEqualTo(ReleasePhase.FAILED);
      assertThat(lost.buildId()).as("it built nothing").isNull();
    } catch (io.temporal.client.WorkflowNotFoundException | io.temporal.client.WorkflowServiceException neverStarted) {
      // Refused before it was started.
    }

    String third = e2e.version() + "c";
    var queued = e2e.cli("start", "-f", spec.toString(), "--version", third, "--initiator", "erin",
        "--task-queue", e2e.taskQueue(), "--queue");
    assertThat(queued.exitCode()).as(queued.toString()).isZero();
    assertThat(queued.out()).contains("queued  behind release/payments/" + winner);
    // An operator terminates the holder by hand: no rollback, but the server frees its lock.
    io.temporal.client.WorkflowStub.fromTyped(running).terminate("e2e: terminated by hand");
    // Its status still shows, with the worker running: the dev server's worker fails to replay a terminated
    // history for the status query (sdk-java#1457), and status falls back on what Temporal recorded.
    var terminated = e2e.cli("status", "payments/" + winner);
    assertThat(terminated.exitCode()).as(terminated.toString()).isEqualTo(1);
    assertThat(terminated.out()).as(terminated.toString()).contains("release/payments/" + winner)
        .contains("AWAITING_APPROVAL")
        .contains("TERMINATED by Temporal (e2e: terminated by hand), not by the release itself");
    var next = e2e.client().newWorkflowStub(ReleaseWorkflow.class, "release/payments/" + third);
    await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
        .until(() -> next.status().phase() == ReleasePhase.AWAITING_APPROVAL);
    assertThat(next.status().audit()).extracting(a2 -> a2.action()).contains("QUEUED", "LOCK_TAKEN");
  }

  @Test
  void noHistoryStatusOrLogHoldsTheAwsSecretKeyOrASecureStringFlagsValue() throws Exception {
    e2e.worker();
    String secret = "s3cr3t-db-password-" + e2e.version();
    e2e.aws().aws.ssm(EAST).putParameter(r -> r.name("/payments/flags/secret").value(secret)
        .type(software.amazon.awssdk.services.ssm.model.ParameterType.SECURE_STRING));
    Path file = e2e.dir().resolve("secret-flag.yaml");
    Files.writeString(file, SPEC.replace("CANARY", "1s").replace("BAKE1", "1s").replace("BAKE2", "1s")
        .replace(FLAG_PARAMETER, "/payments/flags/secret"));
    e2e.startRelease(file);
    e2e.awaitStatus("the refusal", s -> s.phase() == ReleasePhase.FAILED);
    var status = e2e.cli("status", "payments/" + e2e.version(), "--output", "json");
    assertThat(status.out()).contains("SecureString").doesNotContain(secret);
    assertThat(e2e.aws().aws.ssm(EAST).getParameter(r -> r.name("/payments/flags/secret").withDecryption(true))
        .parameter().value()).as("the secret is untouched").isEqualTo(secret);

    // Every history on the server: this release's, and those of every e2e run before it.
    int scanned = 0;
    var executions = e2e.client().listExecutions("").toList();
    for (var e : executions) {
      String history = e2e.client().fetchHistory(e.getExecution().getWorkflowId(), e.getExecution().getRunId())
          .toJson(false);
      assertThat(history).as(e.getExecution().getWorkflowId()).doesNotContain(secret)
          .doesNotContain(ShepherdProcesses.SECRET_ACCESS_KEY);
      scanned++;
    }
    assertThat(executions).extracting(e -> e.getExecution().getWorkflowId()).contains(e2e.releaseId());
    // Every log and output of the worker and the CLI in this run.
    try (var files = Files.list(e2e.dir())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f)).as(f.getFileName().toString()).doesNotContain(secret)
            .doesNotContain(ShepherdProcesses.SECRET_ACCESS_KEY);
      }
    }
    assertThat(scanned).isPositive();
  }

  private Path spec(String canary, String bake1, String bake2) throws Exception {
    return e2e.writeSpec(SPEC.replace("CANARY", canary).replace("BAKE1", bake1).replace("BAKE2", bake2));
  }

  /**
   * Whether the release has ended. A query answered by a worker that was just restarted may fail (its first
   * replay, on a cold JVM, can trip the SDK's deadlock detector); that counts as not ended yet.
   */
  private boolean ended() {
    try {
      return e2e.status().phase().isFinal();
    } catch (io.temporal.client.WorkflowQueryException | io.temporal.client.WorkflowServiceException e) {
      return false;
    }
  }

  /** Adds this run's history to the replay tests when -Dshepherd.recordHistories=true. */
  private void record(String name) throws Exception {
    if (!Boolean.getBoolean("shepherd.recordHistories")) {
      return;
    }
    Path histories = E2eEnvironment.ROOT.resolve("worker/src/test/resources/histories");
    Files.writeString(histories.resolve(name + ".json"), e2e.client().fetchHistory(e2e.releaseId()).toJson(true));
    for (Region r : REGIONS) {
      try {
        Files.writeString(histories.resolve(name + "--" + r.code() + ".json"),
            e2e.client().fetchHistory(e2e.releaseId() + "/" + r.code()).toJson(true));
      } catch (RuntimeException neverStarted) {
        // The region was not deployed in this run.
      }
    }
  }

}
