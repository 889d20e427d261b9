package dev.shepherd.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shepherd.aws.AwsFixtures;
import dev.shepherd.aws.Moto;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.release.ReleaseWorkflow;
import dev.shepherd.spec.Region;
import dev.shepherd.worker.ConnectionSettings;
import dev.shepherd.worker.TemporalConnection;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * What each end-to-end test of a payments release runs against, set up before the test and ended after it
 * however it ends: moto emptied and seeded with the payments build project and its artifact ("version two"),
 * and function {@value AwsFixtures#FUNCTION} (alias on version 1) and alarm {@value #ALARM} in each of
 * {@link #REGIONS}; a connection to Temporal, where any release of payments that an earlier test left running is
 * ended; the shepherd workers and CLI as processes ({@link ShepherdProcesses}); a task queue and a version that no
 * earlier run used; and a temporary directory for specs and the processes' output.
 *
 * <p>A test class holds one as a field: {@code @RegisterExtension final EndToEndFixture e2e =
 * EndToEndFixture.onTheDevServer("e2e");}. Its set-up runs before the class's {@code @BeforeEach} methods,
 * its clean-up after the class's {@code @AfterEach} methods. The clean-up ends, newest first, everything the
 * set-up and the test started (the release still running, the workers, the connection, the AWS clients, the
 * directory, and whatever the test passed to {@link #closeAfterTheTest}), each whether or not the one before
 * it failed.
 */
final class EndToEndFixture implements BeforeEachCallback, AfterEachCallback {

  static final Region EAST = Region.of("us-east-1");
  static final Region WEST = Region.of("eu-west-1");
  static final Region SYDNEY = Region.of("ap-southeast-2");
  static final List<Region> REGIONS = List.of(EAST, WEST, SYDNEY);
  static final String APPLICATION = "payments";
  static final String ALARM = "payments-5xx";
  /** The SSM parameter of the feature flag the release specs turn on, in us-east-1. */
  static final String FLAG_PARAMETER = "/payments/flags/new-checkout";

  private final Supplier<String> temporalAddress;
  private final String queuePrefix;
  private final String major;
  private final Duration statusWait;
  /** What to end after the test, newest first. */
  private final Deque<AutoCloseable> toEnd = new ArrayDeque<>();

  private Path dir;
  private ShepherdProcesses shepherd;
  private AwsFixtures aws;
  private TemporalConnection temporal;
  private String taskQueue;
  private String version;

  private EndToEndFixture(Supplier<String> temporalAddress, String queuePrefix, String major, Duration statusWait) {
    this.temporalAddress = temporalAddress;
    this.queuePrefix = queuePrefix;
    this.major = major;
    this.statusWait = statusWait;
  }

  /**
   * On the Temporal dev server of {@link E2eEnvironment}: task queues {@code <queuePrefix>-<unique>}, versions
   * {@code 9.<unique>.<length of the test's name>}, status waits of up to 90 seconds.
   */
  static EndToEndFixture onTheDevServer(String queuePrefix) {
    return new EndToEndFixture(E2eEnvironment::temporalAddress, queuePrefix, "9", Duration.ofSeconds(90));
  }

  /**
   * On the Temporal cluster of {@link ClusterEnvironment} (moto still that of {@link E2eEnvironment}): task
   * queues {@code cluster-<unique>}, versions {@code 8.<unique>.<length of the test's name>}, status waits of up
   * to 120 seconds.
   */
  static EndToEndFixture onTheCluster() {
    return new EndToEndFixture(ClusterEnvironment::temporalAddress, "cluster", "8", Duration.ofSeconds(120));
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    toEnd.clear();
    String address = temporalAddress.get();
    Moto.use(URI.create(E2eEnvironment.awsEndpoint()));
    dir = Files.createTempDirectory("shepherd-e2e-");
    toEnd.push(() -> deleteRecursively(dir));
    shepherd = new ShepherdProcesses(dir, address);
    aws = new AwsFixtures();
    toEnd.push(aws);
    aws.project(EAST, "payments-build", "payments-api.zip");
    for (Region r : REGIONS) {
      aws.function(r).alarm(r, ALARM);
    }
    aws.artifact("payments-api.zip", "version two");
    temporal = TemporalConnection.open(ConnectionSettings.address(address), Map.of(), null);
    toEnd.push(temporal);
    toEnd.push(shepherd::stopAll);
    // The server is shared by every test: a release a test left running would hold the application's lock.
    E2eEnvironment.endRunningRelease(temporal.client(), APPLICATION);
    toEnd.push(() -> E2eEnvironment.endRunningRelease(temporal.client(), APPLICATION));
    String unique = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    taskQueue = queuePrefix + "-" + unique;
    version = major + "." + unique + "." + context.getRequiredTestMethod().getName().length();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception first = null;
    while (!toEnd.isEmpty()) {
      try {
        toEnd.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Ends this after the test (before what the fixture started), whether or not the test passed. */
  void closeAfterTheTest(AutoCloseable resource) {
    toEnd.push(resource);
  }

  /** The test's temporary directory; the processes' output lives here too, and is gone once the test ends. */
  Path dir() {
    return dir;
  }

  ShepherdProcesses shepherd() {
    return shepherd;
  }

  /** Moto, as the test's AWS resources were made in it. */
  AwsFixtures aws() {
    return aws;
  }

  LambdaClient lambda(Region region) {
    return aws.aws.lambda(region);
  }

  WorkflowClient client() {
    return temporal.client();
  }

  String taskQueue() {
    return taskQueue;
  }

  String version() {
    return version;
  }

  /** The workflow id of this test's release of {@link #version()}. */
  String releaseId() {
    return "release/" + APPLICATION + "/" + version;
  }

  /** The CLI's name for this test's release: {@code payments/<version>}. */
  String release() {
    return APPLICATION + "/" + version;
  }

  /** Runs the CLI (bounded), as {@link ShepherdProcesses#cli(String...)}. */
  ShepherdProcesses.Result cli(String... args) throws Exception {
    return shepherd.cli(args);
  }

  /** Runs the CLI with these environment variables set over the usual ones (e.g. USER). */
  ShepherdProcesses.Result cli(Map<String, String> env, String... args) throws Exception {
    return shepherd.cli(env, args);
  }

  /** Starts a worker on the test's task queue, with any more options for {@code shepherd worker}. */
  Process worker(String... options) throws Exception {
    return shepherd.worker(taskQueue, options);
  }

  /** Writes this release spec into the test's directory, as release.yaml. */
  Path writeSpec(String yaml) throws IOException {
    return Files.writeString(dir.resolve("release.yaml"), yaml);
  }

  /** Starts the test's release of this spec, by carol, on the test's task queue; the CLI must say it started. */
  void startRelease(Path spec) throws Exception {
    var started = shepherd.cli("start", "-f", spec.toString(), "--version", version, "--initiator", "carol",
        "--task-queue", taskQueue);
    assertThat(started.exitCode()).as(started.toString()).isZero();
  }

  /** The release's status, by query (a worker must answer it). */
  ReleaseStatus status() {
    return temporal.client().newWorkflowStub(ReleaseWorkflow.class, releaseId()).status();
  }

  /**
   * Waits for the release's status to meet the condition, and returns that status. Failed queries are tried
   * again (the server may be restarting, or no worker has answered yet); on a timeout the failure says why the
   * last query failed and shows the tail of each worker's logs, which are gone once the test ends.
   */
  ReleaseStatus awaitStatus(String what, Predicate<ReleaseStatus> condition) {
    var last = new AtomicReference<ReleaseStatus>();
    var lastFailure = new AtomicReference<RuntimeException>();
    try {
      await().alias("the release reaching " + what).atMost(statusWait).pollInterval(Duration.ofMillis(200))
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
    } catch (ConditionTimeoutException e) {
      RuntimeException failure = lastFailure.get();
      throw new AssertionError(e.getMessage() + "\nlast failed query: " + failure
          + (failure != null && failure.getCause() != null ? " caused by " + failure.getCause() : "")
          + shepherd.workerLogs(40), e);
    }
    return last.get();
  }

  /** The version the alias {@value AwsFixtures#ALIAS} points at in a region. */
  String aliasVersion(Region region) {
    return lambda(region).getAlias(a -> a.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS))
        .functionVersion();
  }

  /** Each region's alias points at this version alone: no share of its traffic is routed to another. */
  void assertEveryAliasOnlyOn(String version) {
    for (Region r : REGIONS) {
      var alias = lambda(r).getAlias(a -> a.functionName(AwsFixtures.FUNCTION).name(AwsFixtures.ALIAS));
      assertThat(alias.functionVersion()).as(r.code()).isEqualTo(version);
      assertThat(alias.routingConfig() == null || alias.routingConfig().additionalVersionWeights().isEmpty())
          .as("no routing weights in " + r).isTrue();
    }
  }

  /** The versions of {@value AwsFixtures#FUNCTION} published in a region, $LATEST among them. */
  List<String> publishedVersions(Region region) {
    return lambda(region).listVersionsByFunction(v -> v.functionName(AwsFixtures.FUNCTION)).versions().stream()
        .map(v -> v.version()).toList();
  }

  /** The flag's value in us-east-1, or null while the parameter does not exist. */
  String flag() {
    try {
      return aws.aws.ssm(EAST).getParameter(r -> r.name(FLAG_PARAMETER)).parameter().value();
    } catch (ParameterNotFoundException e) {
      return null;
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
