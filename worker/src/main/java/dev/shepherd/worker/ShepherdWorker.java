package dev.shepherd.worker;

import dev.shepherd.release.lock.ApplicationLockWorkflowImpl;
import dev.shepherd.release.region.RegionDeploymentWorkflowImpl;
import dev.shepherd.release.story.ReleaseWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import dev.shepherd.identity.IdentityActivities;
import dev.shepherd.proof.IdentityVerifier;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: the release workflows and one provider's activities on a task queue, workflow and activity
 * code on virtual threads. {@link #shutdown} stops polling and lets running activities finish within a
 * grace period.
 */
public final class ShepherdWorker {

  private static final Logger log = LoggerFactory.getLogger(ShepherdWorker.class);

  private final WorkerFactory factory;
  private final String taskQueue;
  private final Worker worker;

  /** A worker without a release policy: every name is taken as given and marked UNVERIFIED. */
  public ShepherdWorker(WorkflowClient client, String taskQueue, List<Object> activities) {
    this(client, taskQueue, activities, IdentityVerifier.withoutPolicy());
  }

  /**
   * @param identity verifies who starts and decides, under the worker's release policy
   */
  public ShepherdWorker(WorkflowClient client, String taskQueue, List<Object> activities, IdentityActivities identity) {
    this.taskQueue = taskQueue;
    factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
        .setUsingVirtualWorkflowThreads(true)
        // A release is a parent and one child per region: keep hundreds of them in memory, not replaying.
        .setWorkflowCacheSize(2000)
        .build());
    Worker worker = factory.newWorker(taskQueue, WorkerOptions.newBuilder()
        .setUsingVirtualThreads(true)
        // Alarm watches hold a slot for a whole bake; on virtual threads a slot costs little.
        .setMaxConcurrentActivityExecutionSize(1000)
        .setMaxConcurrentWorkflowTaskExecutionSize(200)
        .build());
    worker.registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class, RegionDeploymentWorkflowImpl.class,
        ApplicationLockWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities.toArray());
    worker.registerActivitiesImplementations(new ApplicationLockActivities(client));
    worker.registerActivitiesImplementations(identity);
    this.worker = worker;
  }

  /** The underlying worker, for registering more types before {@link #start} (the benchmark's floor). */
  public Worker worker() {
    return worker;
  }

  public ShepherdWorker start() {
    factory.start();
    log.info("worker polling task queue {}", taskQueue);
    return this;
  }

  /**
   * Stops polling and waits up to {@code grace} for running activities and workflow tasks to finish.
   *
   * @return whether everything finished within the grace period
   */
  public boolean shutdown(Duration grace) {
    log.info("shutting down: no new tasks; waiting up to {} for running ones", grace);
    factory.shutdown();
    factory.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    boolean done = factory.isTerminated();
    if (!done) {
      log.warn("tasks still running after {}; stopping them", grace);
      factory.shutdownNow();
      factory.awaitTermination(5, TimeUnit.SECONDS);
    }
    return done;
  }

  public boolean isTerminated() {
    return factory.isTerminated();
  }
}
