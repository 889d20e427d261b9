package dev.shepherd.release;

import dev.shepherd.release.lock.ApplicationLockWorkflowImpl;
import dev.shepherd.release.region.RegionDeploymentWorkflowImpl;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.release.story.ReleaseWorkflowImpl;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.shepherd.cloud.FlagLocation;
import dev.shepherd.sim.SimProvider;
import dev.shepherd.sim.SimulatedCloud;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The in-memory Temporal test environment with a worker on the simulated cloud: what the workflow tests
 * run releases against. One per test.
 */
final class ReleaseHarness implements AutoCloseable {

  static final String QUEUE = "test-releases";

  final TestWorkflowEnvironment env;
  final SimulatedCloud cloud;
  final ReleaseSpec spec;
  final ReleaseClient releases;
  final WorkflowClient client;

  ReleaseHarness(ReleaseSpec spec) {
    this(spec, SimulatedCloud.forSpec(spec));
  }

  ReleaseHarness(ReleaseSpec spec, SimulatedCloud cloud) {
    this(spec, cloud, dev.shepherd.proof.IdentityVerifier.withoutPolicy());
  }

  /** A harness whose worker verifies identities with {@code identity} (e.g. under a release policy). */
  ReleaseHarness(ReleaseSpec spec, SimulatedCloud cloud, dev.shepherd.identity.IdentityActivities identity) {
    this(spec, cloud, identity, null);
  }

  /** A harness whose worker reports its metrics (the SDK's and the releases') to {@code metrics}. */
  ReleaseHarness(ReleaseSpec spec, SimulatedCloud cloud, com.uber.m3.tally.Scope metrics) {
    this(spec, cloud, dev.shepherd.proof.IdentityVerifier.withoutPolicy(), metrics);
  }

  private ReleaseHarness(ReleaseSpec spec, SimulatedCloud cloud, dev.shepherd.identity.IdentityActivities identity,
      com.uber.m3.tally.Scope metrics) {
    this.spec = spec;
    this.cloud = cloud;
    env = metrics == null ? TestWorkflowEnvironment.newInstance()
        : TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setMetricsScope(metrics).build());
    for (var key : ReleaseSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class, RegionDeploymentWorkflowImpl.class,
        ApplicationLockWorkflowImpl.class);
    worker.registerActivitiesImplementations(SimProvider.activities(cloud).toArray());
    worker.registerActivitiesImplementations(new dev.shepherd.worker.ApplicationLockActivities(env.getWorkflowClient()));
    worker.registerActivitiesImplementations(identity);
    env.start();
    client = env.getWorkflowClient();
    releases = new ReleaseClient(client, QUEUE);
  }

  /**
   * The audit log after the entry that records who started the release ({@code STARTED}), which every
   * admitted release has first: what operators and the release did since.
   */
  static java.util.List<dev.shepherd.release.status.AuditEntry> audit(ReleaseStatus status) {
    var entries = status.audit();
    return !entries.isEmpty() && entries.get(0).action().equals("STARTED") ? entries.subList(1, entries.size()) : entries;
  }

  /** Starts a release of {@code version} by {@code initiator}. */
  Run start(String version, String initiator) {
    WorkflowExecution execution = releases.start(new ReleaseRequest(spec, version, initiator, null));
    return new Run(execution.getWorkflowId());
  }

  /** Starts a release that waits for a running release of its application to end, instead of being refused. */
  Run startQueued(String version, String initiator) {
    WorkflowExecution execution = releases.start(new ReleaseRequest(spec, version, initiator, null, true));
    return new Run(execution.getWorkflowId());
  }

  Run start(String version) {
    return start(version, "carol");
  }

  /** Where the alias of the spec's function points in a region. */
  dev.shepherd.cloud.AliasState alias(String region) {
    return cloud.alias(Region.of(region), spec.deploy().lambda().function(), spec.deploy().lambda().alias());
  }

  dev.shepherd.cloud.FlagValue flag() {
    Region region = spec.flag().region() != null ? spec.flag().region() : spec.allRegions().get(0);
    return cloud.flag(new FlagLocation(region, spec.flag().ssm(), spec.flag().appconfig()));
  }

  @Override
  public void close() {
    env.shutdownNow();
    // The guard's cancelled alarm watches and the pollers' long polls on the in-memory server hold the
    // worker's termination for seconds; let that finish in the background rather than hold up the next test.
    Thread.ofPlatform().daemon().name("close-" + spec.application()).start(env::close);
  }

  /** A started release. */
  final class Run {
    final String workflowId;
    final ReleaseWorkflow stub;

    Run(String workflowId) {
      this.workflowId = workflowId;
      this.stub = client.newWorkflowStub(ReleaseWorkflow.class, workflowId);
    }

    ReleaseStatus status() {
      return stub.status();
    }

    WorkflowClient client() {
      return client;
    }

    /** Sends a signal by name, as the Temporal UI and CLI do. */
    void signal(String name, Object payload) {
      WorkflowStub.fromTyped(stub).signal(name, payload);
    }

    /** Polls the status (real time, at most 30 seconds) until it matches. */
    ReleaseStatus awaitStatus(String what, Predicate<ReleaseStatus> condition) {
      AtomicReference<ReleaseStatus> last = new AtomicReference<>();
      try {
        await().alias(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
            .until(() -> {
              last.set(status());
              return condition.test(last.get());
            });
      } catch (ConditionTimeoutException e) {
        return fail("release never reached: " + what + "; last status: " + last.get());
      }
      return last.get();
    }

    ReleaseStatus awaitPhase(ReleasePhase phase) {
      return awaitStatus("phase " + phase, s -> s.phase() == phase);
    }

    /** Waits for the release to end successfully (time skipping carries long waits). */
    ReleaseResult result() {
      return WorkflowStub.fromTyped(stub).getResult(ReleaseResult.class);
    }

    /** Waits for the release to end in failure and returns the failure's type. */
    String failureType() {
      try {
        ReleaseResult r = result();
        return fail("release succeeded but was expected to fail: " + r.status().phase());
      } catch (WorkflowFailedException e) {
        if (e.getCause() instanceof ApplicationFailure af) {
          return af.getType();
        }
        return fail("release failed without an application failure", e);
      }
    }

    String failureMessage() {
      try {
        result();
        return fail("release succeeded but was expected to fail");
      } catch (WorkflowFailedException e) {
        return ((ApplicationFailure) e.getCause()).getOriginalMessage();
      }
    }

    WorkflowExecutionHistory history() {
      return client.fetchHistory(workflowId);
    }

    WorkflowExecutionHistory history(String region) {
      return client.fetchHistory(ReleaseIds.region(workflowId, Region.of(region)));
    }

    /**
     * Writes this release's history (and its regions') under src/test/resources/histories when
     * {@code -Dshepherd.recordHistories=true}, for the replay tests.
     */
    void recordHistories(String scenario) {
      if (!Boolean.getBoolean("shepherd.recordHistories")) {
        return;
      }
      try {
        Path dir = Path.of("src/test/resources/histories");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(scenario + ".json"), history().toJson(true));
        for (Region region : spec.allRegions()) {
          try {
            WorkflowExecutionHistory h = history(region.code());
            Files.writeString(dir.resolve(scenario + "--" + region.code() + ".json"), h.toJson(true));
          } catch (RuntimeException notStarted) {
            // The region was never deployed in this scenario.
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
