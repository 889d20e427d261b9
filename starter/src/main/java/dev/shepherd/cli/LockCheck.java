package dev.shepherd.cli;

import dev.shepherd.release.FailureType;
import dev.shepherd.release.lock.LockDecision;
import dev.shepherd.release.ReleaseIds;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.release.ReleaseWorkflow;
import dev.shepherd.release.ReleaseSearchAttributes;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code start} learns of an application's lock (see {@code ApplicationLock} in the workflow): who
 * holds it before anything is started, and what the started release found. Read from Temporal only, so
 * it works with no worker running.
 */
final class LockCheck {

  /** A running release of the application: its id and phase (from its search attributes). */
  record Holder(String releaseId, String phase) {

    @Override
    public String toString() {
      return releaseId + " (" + phase + ")";
    }
  }

  /** How often start asks a new release whether it went for its lock yet. */
  private static final Duration POLL = Duration.ofMillis(200);

  private LockCheck() {}

  /** The release holding the application's lock, or null when it is free. */
  static Holder holder(WorkflowClient client, String application) {
    try {
      var lock = client.newUntypedWorkflowStub(ReleaseIds.lock(application)).describe();
      if (lock.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return null;
      }
      String releaseId = lock.getParentExecution() != null ? lock.getParentExecution().getWorkflowId()
          : ReleaseIds.lock(application);
      return new Holder(releaseId, phaseOf(client, releaseId));
    } catch (WorkflowNotFoundException free) {
      return null;
    }
  }

  private static String phaseOf(WorkflowClient client, String releaseId) {
    try {
      String phase = client.newUntypedWorkflowStub(releaseId).describe().getTypedSearchAttributes()
          .get(ReleaseSearchAttributes.PHASE);
      return phase == null ? "phase unknown" : phase;
    } catch (WorkflowNotFoundException | IllegalArgumentException e) {
      return "phase unknown";
    }
  }

  /**
   * Waits (at most {@code timeout}) for the started release to go for its lock, asking its status (a query:
   * it records nothing in the release's history).
   *
   * @return what it found, or null when no worker took it up within {@code timeout}
   */
  static LockDecision decision(WorkflowClient client, String releaseId, Duration timeout) {
    ReleaseWorkflow release = client.newWorkflowStub(ReleaseWorkflow.class, releaseId);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      // A query waits for a worker; with none running, start still succeeds and says so.
      CompletableFuture<ReleaseStatus> asked = CompletableFuture.supplyAsync(release::status);
      try {
        ReleaseStatus status = asked.get(left, TimeUnit.MILLISECONDS);
        if (status.lock() != null) {
          return status.lock();
        }
        if (status.phase().isFinal()) {
          return fromResult(client.newUntypedWorkflowStub(releaseId));
        }
      } catch (TimeoutException e) {
        asked.cancel(true);
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } catch (ExecutionException notYet) {
        // No worker has answered yet, or the release ended in between: asked again below.
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private static LockDecision fromResult(WorkflowStub stub) {
    try {
      stub.getResult(10, TimeUnit.SECONDS, Object.class);
      return null;
    } catch (WorkflowFailedException e) {
      if (e.getCause() instanceof ApplicationFailure f && FailureType.LOCKED.name().equals(f.getType())) {
        return new LockDecision(LockDecision.REFUSED, null, null);
      }
      if (e.getCause() instanceof ApplicationFailure f && FailureType.FORBIDDEN.name().equals(f.getType())) {
        throw CliException.usage("release " + stub.getExecution().getWorkflowId() + " was refused, having changed "
            + "nothing: " + f.getOriginalMessage().replaceFirst("^FAILED - failed before anything was changed: ", ""));
      }
      return null;
    } catch (TimeoutException | WorkflowException e) {
      return null;
    }
  }
}
