package dev.shepherd.cli;

import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.ReleaseResult;
import dev.shepherd.release.ReleaseSearchAttributes;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.worker.TemporalConnection;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.PendingChildExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.common.converter.DataConverterException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A release's status from wherever it can be had, so that looking at a release does not depend on a worker
 * when it need not: the status a release recorded when it ended (a released one's result; the details of
 * the failure it ended with otherwise), the worker's answer to the status query while it runs, and when no
 * worker answers, what Temporal itself knows (the phase the release last published as a search attribute,
 * its pending activities and region workflows), saying plainly that no worker is polling.
 */
final class ReleaseLookup {

  /** How long the status query waits for a worker; one that runs answers in milliseconds. */
  static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

  /** Reading an ended release's recorded result is one read of its history's last event. */
  private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(10);

  private ReleaseLookup() {}

  /** Where a status came from. */
  enum Source {
    /** A worker answered the status query. */
    WORKER,
    /** The release had ended, and its result (or its failure's details) holds its final status. */
    RESULT,
    /** No worker answered: only what Temporal knows (search attributes, pending activities and workflows). */
    SERVER;

    String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Something Temporal has pending for a release: an activity, or a region's workflow.
   *
   * @param workflowId the workflow it belongs to, or the region workflow itself
   * @param region the region, for a region's workflow and its activities; null for the release's own
   * @param kind {@code activity} or {@code workflow}
   * @param name the activity type, or the workflow type
   * @param state as Temporal reports it, e.g. {@code SCHEDULED}, {@code STARTED}; {@code RUNNING} for a workflow
   * @param attempt the activity's attempt; 0 for a workflow
   * @param lastError the last attempt's failure, in one line, or null
   */
  record Pending(String workflowId, String region, String kind, String name, String state, int attempt,
      String lastError) {

    /** E.g. {@code activity UpdateCode in eu-west-1: SCHEDULED, attempt 3, last error: ...}. */
    String describe() {
      StringBuilder sb = new StringBuilder(kind).append(' ').append(name);
      if (region != null) {
        sb.append(" in ").append(region);
      }
      sb.append(": ").append(state);
      if ("workflow".equals(kind)) {
        sb.append(" (").append(workflowId).append(')');
      } else {
        sb.append(", attempt ").append(attempt);
      }
      if (lastError != null && !lastError.isBlank()) {
        sb.append(", last error: ").append(lastError);
      }
      return sb.toString();
    }
  }

  /**
   * What was found.
   *
   * @param status the status; never null, nor its phase
   * @param source where it came from
   * @param ended whether the release's workflow has closed
   * @param closedAs how Temporal closed it when the release did not end by itself ({@code TERMINATED},
   *     {@code CANCELED}, {@code TIMED_OUT}), or null
   * @param closeReason why, as Temporal recorded it (e.g. the reason given to terminate), or null
   * @param taskQueue the release's task queue
   * @param noWorker why no worker answered, in words, when {@code source} is {@link Source#SERVER}; else null
   * @param pending what Temporal has pending for a running release, when {@code source} is {@link
   *     Source#SERVER}; else empty
   */
  record Found(ReleaseStatus status, Source source, boolean ended, String closedAs, String closeReason,
      String taskQueue, String noWorker, List<Pending> pending) {

    /** The exit code of the release as found (see {@link StatusView#exitCode}). */
    int exitCode() {
      if (closedAs != null && status.phase() != ReleasePhase.RELEASED) {
        return ExitCodes.RELEASE_FAILED; // ended by Temporal before it got anywhere: it was not released
      }
      return StatusView.exitCode(status.phase());
    }
  }

  /**
   * Finds the release's status: the recorded one if it ended, else the worker's, else what Temporal knows.
   * Answers within about {@link #QUERY_TIMEOUT} when no worker runs.
   *
   * @throws WorkflowNotFoundException when there is no such release
   */
  static Found find(TemporalConnection temporal, String workflowId) {
    WorkflowExecutionDescription described = describe(temporal, workflowId);
    WorkflowExecution execution = described.getExecution();
    boolean ended = described.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    String closedAs = closedByTemporal(described.getStatus());
    String taskQueue = described.getTaskQueue();
    Recorded recorded = ended ? recorded(temporal, execution) : Recorded.NOTHING;
    if (recorded.status() != null) {
      return new Found(recorded.status(), Source.RESULT, true, closedAs, null, taskQueue, null, List.of());
    }
    Answer answer = query(temporal, execution, taskQueue, ended);
    if (answer.status() != null) {
      return new Found(answer.status(), Source.WORKER, ended, closedAs, recorded.closeReason(), taskQueue, null,
          List.of());
    }
    ReleaseStatus known = serverKnows(described, ended, recorded.failure(), answer.noWorker());
    return new Found(known, Source.SERVER, ended, closedAs, recorded.closeReason(), taskQueue, answer.noWorker(),
        ended ? List.of() : pending(temporal, workflowId, described.getRawDescription()));
  }

  /**
   * How an ended release ended, e.g. {@code ROLLED_BACK}, or {@code TERMINATED in DEPLOYING}: the phase from
   * its recorded status, else from its search attribute. Asks no worker.
   *
   * @return empty while the release runs, or when there is no such release
   */
  static Optional<String> howItEnded(TemporalConnection temporal, String workflowId) {
    WorkflowExecutionDescription described;
    try {
      described = describe(temporal, workflowId);
    } catch (WorkflowNotFoundException unknown) {
      return Optional.empty();
    }
    if (described.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return Optional.empty();
    }
    Recorded recorded = recorded(temporal, described.getExecution());
    String phase = recorded.status() != null ? recorded.status().phase().name()
        : described.getTypedSearchAttributes().get(ReleaseSearchAttributes.PHASE);
    String closedAs = closedByTemporal(described.getStatus());
    if (closedAs == null) {
      return Optional.of(phase != null ? phase : ReleasePhase.FAILED.name());
    }
    return Optional.of(closedAs + (phase != null ? " in " + phase : ""));
  }

  private static WorkflowExecutionDescription describe(TemporalConnection temporal, String workflowId) {
    return temporal.client().newUntypedWorkflowStub(workflowId).describe();
  }

  /** TERMINATED, CANCELED or TIMED_OUT: a release that did not end by itself; null otherwise. */
  private static String closedByTemporal(WorkflowExecutionStatus status) {
    return switch (status) {
      case WORKFLOW_EXECUTION_STATUS_TERMINATED, WORKFLOW_EXECUTION_STATUS_CANCELED,
           WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
      default -> null;
    };
  }

  /**
   * What an ended release recorded: its final status, the message of the failure it ended with, or why
   * Temporal closed it (terminated, timed out); each null when there is none.
   */
  private record Recorded(ReleaseStatus status, String failure, String closeReason) {
    static final Recorded NOTHING = new Recorded(null, null, null);
  }

  /**
   * A released release's result holds its final status; a release that ended otherwise records it as the
   * details of the failure it ends with. Releases that ended before it did so record only the message.
   */
  private static Recorded recorded(TemporalConnection temporal, WorkflowExecution execution) {
    var stub = temporal.client().newUntypedWorkflowStub(execution, Optional.empty());
    try {
      ReleaseResult result = stub.getResult(RESULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS, ReleaseResult.class);
      return new Recorded(result == null ? null : result.status(), null, null);
    } catch (WorkflowFailedException e) {
      if (e.getCause() instanceof ApplicationFailure f) {
        return new Recorded(details(f), f.getOriginalMessage(), null);
      }
      String reason = e.getCause() instanceof TemporalFailure t ? t.getOriginalMessage() : null;
      return new Recorded(null, null, reason == null || reason.isBlank() ? null : reason);
    } catch (DataConverterException | TimeoutException notAReleaseResult) {
      return Recorded.NOTHING;
    }
  }

  private static ReleaseStatus details(ApplicationFailure failure) {
    try {
      if (failure.getDetails().getSize() == 0) {
        return null;
      }
      ReleaseStatus status = failure.getDetails().get(0, ReleaseStatus.class);
      return status != null && status.phase() != null ? status : null;
    } catch (DataConverterException other) {
      return null;
    }
  }

  /** The worker's answer (null when none came), or why none came. */
  private record Answer(ReleaseStatus status, String noWorker) {}

  /**
   * The status query, bounded: with no worker polling, the server either says so at once or holds the query
   * until a worker takes it, which the SDK's own query would wait out for its RPC timeout and retries. For an
   * ended release, a worker that fails to answer is no worse than none: the Java SDK cannot always replay a
   * terminated history (sdk-java#1457, {@code INVALID_ARGUMENT ... WORKFLOW_EXECUTION_TERMINATED during replay}),
   * and Temporal's own record of the release is still there to show.
   */
  private static Answer query(TemporalConnection temporal, WorkflowExecution execution, String taskQueue,
      boolean ended) {
    QueryWorkflowResponse response;
    try {
      response = temporal.stubs().blockingStub()
          .withDeadlineAfter(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .queryWorkflow(QueryWorkflowRequest.newBuilder()
              .setNamespace(temporal.namespace())
              .setExecution(execution)
              .setQuery(WorkflowQuery.newBuilder().setQueryType("status"))
              .build());
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.DEADLINE_EXCEEDED) {
        return new Answer(null, "no worker is polling task queue " + taskQueue + " (none answered within "
            + QUERY_TIMEOUT.toSeconds() + "s)");
      }
      if (code == Status.Code.FAILED_PRECONDITION) {
        return new Answer(null, "no worker is polling task queue " + taskQueue + " (Temporal: "
            + e.getStatus().getDescription() + ")");
      }
      if (code == Status.Code.NOT_FOUND) {
        throw new WorkflowNotFoundException(execution, "ReleaseWorkflow", e);
      }
      if (ended) {
        return new Answer(null, "the worker polling " + taskQueue + " failed to answer (" + code + ": "
            + firstLine(e.getStatus().getDescription()) + ")");
      }
      throw e;
    }
    ReleaseStatus status = temporal.client().getOptions().getDataConverter()
        .fromPayloads(0, Optional.of(response.getQueryResult()), ReleaseStatus.class, ReleaseStatus.class);
    return new Answer(status, null);
  }

  /** The first line of a server's message, cut as {@link Retries#message} cuts: the SDK's errors carry stack traces. */
  private static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "no message";
    }
    String line = message.strip().lines().findFirst().orElse("");
    return line.length() > Retries.MAX_ERROR ? line.substring(0, Retries.MAX_ERROR - 3) + "..." : line;
  }

  /** A status of what Temporal knows of a release no worker answered for; the lists are empty. */
  private static ReleaseStatus serverKnows(WorkflowExecutionDescription described, boolean ended, String failure,
      String noWorker) {
    var attributes = described.getTypedSearchAttributes();
    ReleasePhase phase = phase(attributes.get(ReleaseSearchAttributes.PHASE));
    if (phase == null) {
      // Releases are started in PREFLIGHT (ReleaseClient sets it); one that failed without publishing a
      // phase of its end failed before it began.
      phase = ended ? ReleasePhase.FAILED : ReleasePhase.PREFLIGHT;
    } else if (ended && described.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED
        && !phase.isFinal()) {
      phase = ReleasePhase.FAILED;
    }
    String activity = ended
        ? "ended " + described.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "")
            + " without a recorded status; " + noWorker
        : noWorker + "; the phase is the one the release last published";
    return new ReleaseStatus(described.getExecution().getWorkflowId(),
        attributes.get(ReleaseSearchAttributes.APPLICATION), attributes.get(ReleaseSearchAttributes.VERSION),
        attributes.get(ReleaseSearchAttributes.INITIATOR), phase, activity, List.of(), List.of(), null, null,
        failure, null, null, described.getStartTime(), null, List.of(), List.of(), null);
  }

  private static ReleasePhase phase(String name) {
    if (name == null) {
      return null;
    }
    try {
      return ReleasePhase.valueOf(name);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }

  /** The release's pending activities and region workflows, and the regions' pending activities. */
  private static List<Pending> pending(TemporalConnection temporal, String releaseId,
      DescribeWorkflowExecutionResponse release) {
    List<Pending> out = new ArrayList<>(activities(releaseId, null, release));
    for (PendingChildExecutionInfo child : release.getPendingChildrenList()) {
      if (!child.getWorkflowId().startsWith(releaseId + "/")) {
        continue; // the application's lock, not a region
      }
      String region = child.getWorkflowId().substring(releaseId.length() + 1);
      out.add(new Pending(child.getWorkflowId(), region, "workflow", child.getWorkflowTypeName(), "RUNNING", 0,
          null));
      try {
        out.addAll(activities(child.getWorkflowId(), region, temporal.stubs().blockingStub()
            .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(temporal.namespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(child.getWorkflowId())
                    .setRunId(child.getRunId()))
                .build())));
      } catch (StatusRuntimeException e) {
        // The region workflow ended meanwhile; what it had pending is gone with it.
      }
    }
    return List.copyOf(out);
  }

  private static List<Pending> activities(String workflowId, String region, DescribeWorkflowExecutionResponse d) {
    List<Pending> out = new ArrayList<>();
    for (PendingActivityInfo a : d.getPendingActivitiesList()) {
      out.add(new Pending(workflowId, region, "activity", a.getActivityType().getName(),
          a.getState().name().replace("PENDING_ACTIVITY_STATE_", ""), a.getAttempt(),
          a.hasLastFailure() ? Retries.message(a.getLastFailure()) : null));
    }
    return out;
  }
}
