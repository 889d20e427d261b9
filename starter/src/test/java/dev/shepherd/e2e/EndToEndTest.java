package dev.shepherd.e2e;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The whole system the way an operator runs it: the real Temporal dev server, the worker and the CLI as
 * separate processes, the AWS provider against moto.
 */
class EndToEndTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final Region WEST = Region.of("eu-west-1");
  private static final Region SYDNEY = Region.of("ap-southeast-2");
  private static final List<Region> REGIONS = List.of(EAST, WEST, SYDNEY);
  private static final String ALARM = "payments-5xx";
  private static final String PARAMETER = "/payments/flags/new-checkout";
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

  @TempDir
  Path dir;
  private ShepherdProcesses shepherd;
  private AwsFixtures aws;
  private TemporalConnection temporal;
  private String taskQueue;
  private String version;

  @BeforeAll
  static void environment() {
    Moto.use(URI.create(E2eEnvironment.awsEndpoint()));
  }

  @BeforeEach
  void setUp(org.junit.jupiter.api.TestInfo test) {
    shepherd = new ShepherdProcesses(dir);
    aws = new AwsFixtures().project(EAST, "payments-build", "payments-api.zip");
    for (Region r : REGIONS) {
      aws.function(r).alarm(r, ALARM);
    }
    aws.artifact("payments-api.zip", "version two");
    temporal = TemporalConnection.open(ConnectionSettings.address(E2eEnvironment.temporalAddress()), Map.of(), null);
    E2eEnvironment.endRunningRelease(temporal.client(), "payments");
    String unique = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    taskQueue = "e2e-" + unique;
    version = "9." + unique + "." + test.getTestMethod().orElseThrow().getName().length();
  }

  @AfterEach
  void tearDown() throws Exception {
    E2eEnvironment.endRunningRelease(temporal.client(), "payments");
    shepherd.stopAll();
    temporal.close();
    aws.close();
  }

  @Test
  void aReleaseApprovedFromTheCliByASecondUserEndsReleasedEverywhere() throws Exception {
    shepherd.worker(taskQueue);
    start(spec("1s", "1s", "2s"));
    awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    // Another build of the project overwrites the artifact's key while the release waits at its gate.
    aws.artifact("payments-api.zip", "someone else's build");
    var approved = shepherd.cli("approve", "payments/" + version, "--as", "bob", "-m", "canary region healthy");
    assertThat(approved.exitCode()).as(approved.toString()).isZero();

    var watched = shepherd.cli("watch", "payments/" + version);
    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    for (Region r : REGIONS) {
      var alias = aws.aws.lambda(r).getAlias(a -> a.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS));
      assertThat(alias.functionVersion()).as(r.code()).isEqualTo("2");
      assertThat(alias.routingConfig() == null || alias.routingConfig().additionalVersionWeights().isEmpty())
          .as("no routing weights in " + r).isTrue();
    }
    assertThat(flag()).isEqualTo("true");
    String built = AwsFixtures.sha256("version two");
    for (Region r : REGIONS) {
      String code = aws.aws.lambda(r).getFunctionConfiguration(c -> c.functionName(AwsFixtures.FUNCTION)
          .qualifier("2")).codeSha256();
      assertThat(java.util.HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(code)))
          .as("wave 2 deploys the bytes the build produced in " + r).isEqualTo(built);
    }
    var status = shepherd.cli("status", "payments/" + version, "--output", "json");
    assertThat(status.out()).contains("\"phase\" : \"RELEASED\"").contains("\"artifactSha256\" : \"" + built + "\"");
    // The history holds the approval, with the approver's name and comment.
    var accepted = temporal.client().fetchHistory(releaseId()).getEvents().stream()
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
    shepherd.worker(taskQueue);
    start(spec("1s", "1s", "30s"));
    awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    assertThat(shepherd.cli("approve", "payments/" + version, "--as", "alice").exitCode()).isZero();
    awaitStatus("wave 2 baking", s -> s.phase() == ReleasePhase.BAKING && s.waves().get(1).state().name().equals("BAKING"));
    aws.setAlarm(WEST, ALARM, StateValue.ALARM, "5xx above 2% after the rest of the fleet moved");

    var watched = shepherd.cli("watch", "payments/" + version);
    assertThat(watched.exitCode()).as(watched.toString()).isEqualTo(1);
    assertThat(watched.out()).contains("ROLLED_BACK").contains("payments-5xx in eu-west-1");
    for (Region r : REGIONS) {
      assertThat(aliasVersion(r)).as(r.code()).isEqualTo("1");
    }
    assertThat(flag()).as("the flag was never touched").isNull();
    record("e2e-alarm-in-wave-2-bake");
  }

  @Test
  void aWorkerKilledDuringABakeIsReplacedAndNothingIsDoneTwice() throws Exception {
    Process first = shepherd.worker(taskQueue);
    start(spec("1s", "8s", "1s"));
    awaitStatus("wave 1 baking", s -> s.phase() == ReleasePhase.BAKING);
    first.destroyForcibly();  // SIGKILL
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
    shepherd.worker(taskQueue);
    awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    assertThat(shepherd.cli("approve", "payments/" + version, "--as", "bob").exitCode()).isZero();
    var watched = shepherd.cli("watch", "payments/" + version);
    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    for (Region r : REGIONS) {
      var versions = aws.aws.lambda(r).listVersionsByFunction(v -> v.functionName(AwsFixtures.FUNCTION)).versions();
      assertThat(versions).extracting(v -> v.version()).as("one new version in " + r)
          .containsExactlyInAnyOrder("$LATEST", "1", "2");
      assertThat(aliasVersion(r)).isEqualTo("2");
    }
    record("e2e-worker-killed");
  }

  @Test
  void theDevServerRestartedMidReleaseAndTheReleaseWentOn() throws Exception {
    shepherd.worker(taskQueue);
    start(spec("1s", "6s", "1s"));
    awaitStatus("wave 1 baking", s -> s.phase() == ReleasePhase.BAKING);
    E2eEnvironment.restartTemporal();
    awaitStatus("the approval gate after the restart", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    assertThat(shepherd.cli("approve", "payments/" + version, "--as", "alice").exitCode()).isZero();
    var watched = shepherd.cli("watch", "payments/" + version);
    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    assertThat(aliasVersion(SYDNEY)).isEqualTo("2");
  }

  @Test
  void anAbortFromTheCliDuringACanaryRollsBack() throws Exception {
    shepherd.worker(taskQueue);
    start(spec("30s", "1s", "1s"));
    awaitStatus("the canary in us-east-1", s -> {
      var routing = aws.aws.lambda(EAST).getAlias(a -> a.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS))
          .routingConfig();
      return routing != null && !routing.additionalVersionWeights().isEmpty();
    });
    var aborted = shepherd.cli("abort", "payments/" + version, "--as", "dave", "-m", "wrong build");
    assertThat(aborted.exitCode()).as(aborted.toString()).isZero();
    var watched = shepherd.cli("watch", "payments/" + version);
    assertThat(watched.exitCode()).isEqualTo(1);
    assertThat(watched.out()).contains("ROLLED_BACK").contains("aborted by dave: wrong build");
    var alias = aws.aws.lambda(EAST).getAlias(a -> a.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS));
    assertThat(alias.functionVersion()).isEqualTo("1");
    assertThat(alias.routingConfig() == null || alias.routingConfig().additionalVersionWeights().isEmpty()).isTrue();
    record("e2e-abort-in-canary");
  }

  @Test
  void theTemporalCliCanApproveTheInitiatorCannotAndListFindsTheWaitingRelease() throws Exception {
    shepherd.worker(taskQueue);
    start(spec("1s", "1s", "1s"));
    awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);

    var listed = awaitList();
    assertThat(listed.out()).contains(releaseId()).contains("AWAITING_APPROVAL");

    var self = shepherd.cli("approve", "payments/" + version, "--as", "carol");
    assertThat(self.exitCode()).isEqualTo(2);
    assertThat(self.err()).contains("refused: carol started this release and may not approve it");
    assertThat(status().audit()).as("nothing recorded after who started it").extracting(a -> a.action())
        .containsExactly("STARTED");

    Process signal = new ProcessBuilder("temporal", "workflow", "signal", "--address", E2eEnvironment.temporalAddress(),
        "--workflow-id", releaseId(), "--name", "approveGate",
        "--input", "{\"gate\":\"rest\",\"actor\":\"bob\",\"comment\":\"via the Temporal CLI\"}")
        .redirectErrorStream(true).start();
    assertThat(signal.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(signal.exitValue()).as(new String(signal.getInputStream().readAllBytes())).isZero();
    var watched = shepherd.cli("watch", "payments/" + version);
    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    assertThat(status().gates().get(0).decidedBy()).isEqualTo("bob");
    assertThat(status().gates().get(0).comment()).isEqualTo("via the Temporal CLI");
    record("e2e-approval-by-temporal-cli");
  }

  @Test
  void anAliasDeletedMidBakeLeavesTheReleaseOpenInRollbackFailedUntilItIsRecreatedAndRolledBack() throws Exception {
    shepherd.worker(taskQueue);
    start(spec("1s", "1s", "60s"));
    awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    assertThat(shepherd.cli("approve", "payments/" + version, "--as", "alice").exitCode()).isZero();
    awaitStatus("wave 2 baking", s -> s.waves().get(1).state().name().equals("BAKING"));
    aws.aws.lambda(WEST).deleteAlias(a -> a.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS));
    aws.setAlarm(SYDNEY, ALARM, StateValue.ALARM, "5xx above 2%");

    ReleaseStatus failed = awaitStatus("ROLLBACK_FAILED", s -> s.phase() == ReleasePhase.ROLLBACK_FAILED);
    assertThat(temporal.client().newUntypedWorkflowStub(releaseId()).describe().getStatus())
        .as("the release stays open").isEqualTo(io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(failed.waves().get(1).regions().get(0).state().name()).isEqualTo("ROLLBACK_FAILED");
    assertThat(aliasVersion(EAST)).as("the other regions are rolled back").isEqualTo("1");
    assertThat(aliasVersion(SYDNEY)).isEqualTo("1");

    // The operator recreates the alias where the release had left it, then asks for the rest to be undone.
    aws.aws.lambda(WEST).createAlias(a -> a.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS).functionVersion("2"));
    var rollback = shepherd.cli("rollback", "payments/" + version, "--as", "bob", "-m", "alias recreated");
    assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
    awaitStatus("ROLLED_BACK", s -> s.phase() == ReleasePhase.ROLLED_BACK);
    assertThat(aliasVersion(WEST)).isEqualTo("1");
    record("e2e-rollback-failed-then-retried");
  }

  @Test
  void anAliasMovedByHandDuringTheBakeIsLeftDriftedAndTheOtherRegionsRollBack() throws Exception {
    shepherd.worker(taskQueue);
    start(spec("1s", "1s", "60s"));
    awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    assertThat(shepherd.cli("approve", "payments/" + version, "--as", "alice").exitCode()).isZero();
    awaitStatus("wave 2 baking", s -> s.waves().get(1).state().name().equals("BAKING"));
    // A hotfix, by hand: new code, a new version, the alias moved to it.
    var lambda = aws.aws.lambda(WEST);
    lambda.updateFunctionCode(u -> u.functionName(AwsFixtures.FUNCTION)
        .zipFile(software.amazon.awssdk.core.SdkBytes.fromByteArray(AwsFixtures.zip("hotfix"))));
    String hotfix = lambda.publishVersion(p -> p.functionName(AwsFixtures.FUNCTION).description("hotfix by hand")).version();
    lambda.updateAlias(a -> a.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS).functionVersion(hotfix));
    aws.setAlarm(SYDNEY, ALARM, StateValue.ALARM, "5xx above 2%");

    var watched = shepherd.cli("watch", "payments/" + version);
    assertThat(watched.exitCode()).as(watched.toString()).isEqualTo(1);
    assertThat(aliasVersion(WEST)).as("the hotfix is not reverted").isEqualTo(hotfix);
    assertThat(aliasVersion(EAST)).isEqualTo("1");
    assertThat(aliasVersion(SYDNEY)).isEqualTo("1");
    ReleaseStatus done = status();
    assertThat(done.phase()).isEqualTo(ReleasePhase.ROLLED_BACK);
    var west = done.waves().get(1).regions().get(0);
    assertThat(west.state().name()).isEqualTo("DRIFTED");
    assertThat(west.newVersion()).isEqualTo("2");
    assertThat(west.foundVersion()).isEqualTo(hotfix);
    var json = shepherd.cli("status", "payments/" + version, "--output", "json");
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
    Process worker = shepherd.worker(taskQueue);
    Path spec = dir.resolve("release.yaml");
    // Bakes are durable timers that run on while the worker is dead: long enough that twenty kills, each
    // followed by a stall of up to ~25 s (a heartbeat timeout), fit before the release ends.
    Files.writeString(spec, SPEC.replace(", approval: required", "").replace("CANARY", "5s").replace("BAKE1", "30s")
        .replace("BAKE2", "30s").replace("bake: 1s", "bake: 30s"));
    start(spec);
    Duration longest = Duration.ZERO;
    int kills = 0;
    while (kills < KILLS && !ended()) {
      Thread.sleep(300 + random.nextInt(1700));
      String before = progress();
      long killedAt = System.nanoTime();
      worker.destroyForcibly();  // SIGKILL
      assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
      kills++;
      worker = shepherd.worker(taskQueue);
      await().alias("progress after kill " + kills + " (seed " + seed + ")").atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> !progress().equals(before) || ended());
      Duration stall = Duration.ofNanos(System.nanoTime() - killedAt);
      longest = stall.compareTo(longest) > 0 ? stall : longest;
    }
    var watched = shepherd.cli("watch", "payments/" + version);
    System.out.printf("worker SIGKILLed %d times across one release (seed %d): longest stall %.1fs%n", kills, seed,
        longest.toMillis() / 1000.0);
    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    assertThat(kills).as("killed " + KILLS + " times before the release ended").isEqualTo(KILLS);
    for (Region r : REGIONS) {
      var versions = aws.aws.lambda(r).listVersionsByFunction(v -> v.functionName(AwsFixtures.FUNCTION)).versions();
      assertThat(versions).extracting(v -> v.version()).as("one new version in " + r)
          .containsExactlyInAnyOrder("$LATEST", "1", "2");
      assertThat(aliasVersion(r)).isEqualTo("2");
    }
    assertThat(flag()).isEqualTo("true");
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
    List<String> ids = new java.util.ArrayList<>(List.of(releaseId()));
    REGIONS.forEach(r -> ids.add(releaseId() + "/" + r.code()));
    for (String id : ids) {
      try {
        var d = temporal.client().newUntypedWorkflowStub(id).describe().getRawDescription();
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
      last.set(shepherd.cli("list", "--app", "payments", "--phase", "AWAITING_APPROVAL"));
      assertThat(last.get().out()).as(last.get().toString()).contains(releaseId());
    });
    return last.get();
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void twoStartsAtOnceLetExactlyOneReleaseRunAndAQueuedOneGoesOnWhenTheHolderIsTerminated() throws Exception {
    shepherd.worker(taskQueue);
    Path spec = spec("1s", "1s", "2s");
    String a = version + "a";
    String b = version + "b";
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    ShepherdProcesses.Result[] results;
    try {
      var first = pool.submit(() -> shepherd.cli("start", "-f", spec.toString(), "--version", a, "--initiator", "carol",
          "--task-queue", taskQueue));
      var second = pool.submit(() -> shepherd.cli("start", "-f", spec.toString(), "--version", b, "--initiator", "dave",
          "--task-queue", taskQueue));
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
    var running = temporal.client().newWorkflowStub(ReleaseWorkflow.class, "release/payments/" + winner);
    await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
        .until(() -> running.status().phase() == ReleasePhase.AWAITING_APPROVAL);
    // The loser either was never started (refused before) or ended at once having changed nothing.
    try {
      var lost = temporal.client().newWorkflowStub(ReleaseWorkflow.class, "release/payments/" + loser).status();
      assertThat(lost.phase()).isEqualTo(ReleasePhase.FAILED);
      assertThat(lost.buildId()).as("it built nothing").isNull();
    } catch (io.temporal.client.WorkflowNotFoundException | io.temporal.client.WorkflowServiceException neverStarted) {
      // Refused before it was started.
    }

    String third = version + "c";
    var queued = shepherd.cli("start", "-f", spec.toString(), "--version", third, "--initiator", "erin",
        "--task-queue", taskQueue, "--queue");
    assertThat(queued.exitCode()).as(queued.toString()).isZero();
    assertThat(queued.out()).contains("queued  behind release/payments/" + winner);
    // An operator terminates the holder by hand: no rollback, but the server frees its lock.
    io.temporal.client.WorkflowStub.fromTyped(running).terminate("e2e: terminated by hand");
    // Its status still shows, with the worker running: the dev server's worker fails to replay a terminated
    // history for the status query (sdk-java#1457), and status falls back on what Temporal recorded.
    var terminated = shepherd.cli("status", "payments/" + winner);
    assertThat(terminated.exitCode()).as(terminated.toString()).isEqualTo(1);
    assertThat(terminated.out()).as(terminated.toString()).contains("release/payments/" + winner)
        .contains("AWAITING_APPROVAL")
        .contains("TERMINATED by Temporal (e2e: terminated by hand), not by the release itself");
    var next = temporal.client().newWorkflowStub(ReleaseWorkflow.class, "release/payments/" + third);
    await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
        .until(() -> next.status().phase() == ReleasePhase.AWAITING_APPROVAL);
    assertThat(next.status().audit()).extracting(a2 -> a2.action()).contains("QUEUED", "LOCK_TAKEN");
  }

  @Test
  void noHistoryStatusOrLogHoldsTheAwsSecretKeyOrASecureStringFlagsValue() throws Exception {
    shepherd.worker(taskQueue);
    String secret = "s3cr3t-db-password-" + version;
    aws.aws.ssm(EAST).putParameter(r -> r.name("/payments/flags/secret").value(secret)
        .type(software.amazon.awssdk.services.ssm.model.ParameterType.SECURE_STRING));
    Path file = dir.resolve("secret-flag.yaml");
    Files.writeString(file, SPEC.replace("CANARY", "1s").replace("BAKE1", "1s").replace("BAKE2", "1s")
        .replace(PARAMETER, "/payments/flags/secret"));
    start(file);
    awaitStatus("the refusal", s -> s.phase() == ReleasePhase.FAILED);
    var status = shepherd.cli("status", "payments/" + version, "--output", "json");
    assertThat(status.out()).contains("SecureString").doesNotContain(secret);
    assertThat(aws.aws.ssm(EAST).getParameter(r -> r.name("/payments/flags/secret").withDecryption(true))
        .parameter().value()).as("the secret is untouched").isEqualTo(secret);

    // Every history on the server: this release's, and those of every e2e run before it.
    int scanned = 0;
    var executions = temporal.client().listExecutions("").toList();
    for (var e : executions) {
      String history = temporal.client().fetchHistory(e.getExecution().getWorkflowId(), e.getExecution().getRunId())
          .toJson(false);
      assertThat(history).as(e.getExecution().getWorkflowId()).doesNotContain(secret)
          .doesNotContain(ShepherdProcesses.SECRET_ACCESS_KEY);
      scanned++;
    }
    assertThat(executions).extracting(e -> e.getExecution().getWorkflowId()).contains(releaseId());
    // Every log and output of the worker and the CLI in this run.
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f)).as(f.getFileName().toString()).doesNotContain(secret)
            .doesNotContain(ShepherdProcesses.SECRET_ACCESS_KEY);
      }
    }
    assertThat(scanned).isPositive();
  }

  private Path spec(String canary, String bake1, String bake2) throws Exception {
    Path file = dir.resolve("release.yaml");
    Files.writeString(file, SPEC.replace("CANARY", canary).replace("BAKE1", bake1).replace("BAKE2", bake2));
    return file;
  }

  private void start(Path spec) throws Exception {
    var started = shepherd.cli("start", "-f", spec.toString(), "--version", version, "--initiator", "carol",
        "--task-queue", taskQueue);
    assertThat(started.exitCode()).as(started.toString()).isZero();
  }

  /**
   * Whether the release has ended. A query answered by a worker that was just restarted may fail (its first
   * replay, on a cold JVM, can trip the SDK's deadlock detector); that counts as not ended yet.
   */
  private boolean ended() {
    try {
      return status().phase().isFinal();
    } catch (io.temporal.client.WorkflowQueryException | io.temporal.client.WorkflowServiceException e) {
      return false;
    }
  }

  private String releaseId() {
    return "release/payments/" + version;
  }

  private ReleaseStatus status() {
    return temporal.client().newWorkflowStub(ReleaseWorkflow.class, releaseId()).status();
  }

  private ReleaseStatus awaitStatus(String what, Predicate<ReleaseStatus> condition) throws Exception {
    var last = new AtomicReference<ReleaseStatus>();
    var lastFailure = new AtomicReference<RuntimeException>();
    // The dev server may be restarting, or no worker has answered yet: failed queries are tried again.
    try {
      await().alias("the release reaching " + what).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(RuntimeException.class)
          .untilAsserted(() -> {
            try {
              last.set(status());
            } catch (RuntimeException e) {
              lastFailure.set(e);
              throw e;
            }
            assertThat(condition.test(last.get())).as("last status " + last.get()).isTrue();
          });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // Say why the last queries failed, and what the workers logged, before their directory is gone.
      throw new AssertionError(e.getMessage() + "\nlast failed query: " + lastFailure.get()
          + (lastFailure.get() != null && lastFailure.get().getCause() != null ? " caused by " + lastFailure.get().getCause() : "")
          + shepherd.workerLogs(40), e);
    }
    return last.get();
  }

  private String aliasVersion(Region r) {
    return aws.aws.lambda(r).getAlias(a -> a.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS)).functionVersion();
  }

  private String flag() {
    try {
      return aws.aws.ssm(EAST).getParameter(r -> r.name(PARAMETER)).parameter().value();
    } catch (ParameterNotFoundException e) {
      return null;
    }
  }

  /** Adds this run's history to the replay tests when -Dshepherd.recordHistories=true. */
  private void record(String name) throws Exception {
    if (!Boolean.getBoolean("shepherd.recordHistories")) {
      return;
    }
    Path histories = E2eEnvironment.ROOT.resolve("worker/src/test/resources/histories");
    Files.writeString(histories.resolve(name + ".json"), temporal.client().fetchHistory(releaseId()).toJson(true));
    for (Region r : REGIONS) {
      try {
        Files.writeString(histories.resolve(name + "--" + r.code() + ".json"),
            temporal.client().fetchHistory(releaseId() + "/" + r.code()).toJson(true));
      } catch (RuntimeException neverStarted) {
        // The region was not deployed in this run.
      }
    }
  }

}
