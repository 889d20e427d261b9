package dev.shepherd.cli;

import dev.shepherd.worker.TemporalConnection;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.PendingChildExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps Temporal is retrying for a release: the pending activities past their first attempt, of the
 * release's workflow and of its running region workflows ({@code release/<app>/<version>/<region>}). One
 * DescribeWorkflowExecution per running workflow; the status query does not know about retries.
 */
final class Retries {

  static final int MAX_ERROR = 300;

  private Retries() {}

  /**
   * A step being retried.
   *
   * @param workflowId the workflow running it
   * @param region the region, for a region's workflow; null for the release's own steps
   * @param activityType the activity, e.g. {@code UpdateCode}
   * @param attempt the attempt now running or next to run (2 or more)
   * @param lastError the last attempt's failure, in one line
   * @param state the activity's state as Temporal reports it: {@code SCHEDULED} (waiting for its next
   *     attempt or a worker), {@code STARTED} (an attempt runs now), ...
   * @param nextAttemptAt when the next attempt is scheduled, or null when not known (e.g. one runs now)
   */
  record Retrying(String workflowId, String region, String activityType, int attempt, String lastError,
      String state, Instant nextAttemptAt) {

    /** E.g. {@code retrying UpdateCode in eu-west-1: attempt 4, last error: ...; next attempt at ...}. */
    String describe() {
      StringBuilder sb = new StringBuilder("retrying ").append(activityType);
      if (region != null) {
        sb.append(" in ").append(region);
      }
      sb.append(": attempt ").append(attempt);
      if (lastError != null && !lastError.isEmpty()) {
        sb.append(", last error: ").append(lastError);
      }
      if (nextAttemptAt != null) {
        sb.append("; next attempt at ").append(nextAttemptAt);
      } else if ("STARTED".equals(state)) {
        sb.append("; attempt running now");
      }
      return sb.toString();
    }
  }

  /**
   * What was found.
   *
   * @param retrying the steps being retried, the release's first
   * @param problem why some workflow could not be described (so the list may be incomplete), or null
   */
  record Found(List<Retrying> retrying, String problem) {
    static final Found NONE = new Found(List.of(), null);
  }

  /** Describes the release and each of its running child workflows. */
  static Found find(TemporalConnection temporal, String releaseId) {
    DescribeWorkflowExecutionResponse release;
    try {
      release = describe(temporal, releaseId, "");
    } catch (StatusRuntimeException e) {
      return new Found(List.of(), problem(releaseId, e));
    }
    List<Retrying> out = new ArrayList<>(from(releaseId, release));
    String problem = null;
    for (PendingChildExecutionInfo child : release.getPendingChildrenList()) {
      if (!child.getWorkflowId().startsWith(releaseId + "/")) {
        continue;
      }
      try {
        out.addAll(from(releaseId, describe(temporal, child.getWorkflowId(), child.getRunId())));
      } catch (StatusRuntimeException e) {
        problem = problem(child.getWorkflowId(), e);
      }
    }
    return new Found(List.copyOf(out), problem);
  }

  /** The steps a described workflow of the release is retrying. */
  static List<Retrying> from(String releaseId, DescribeWorkflowExecutionResponse described) {
    String workflowId = described.getWorkflowExecutionInfo().getExecution().getWorkflowId();
    String region = workflowId.startsWith(releaseId + "/") ? workflowId.substring(releaseId.length() + 1) : null;
    List<Retrying> out = new ArrayList<>();
    for (PendingActivityInfo a : described.getPendingActivitiesList()) {
      if (a.getAttempt() <= 1) {
        continue;
      }
      var t = a.getNextAttemptScheduleTime();
      Instant next = a.hasNextAttemptScheduleTime() ? Instant.ofEpochSecond(t.getSeconds(), t.getNanos()) : null;
      out.add(new Retrying(workflowId, region, a.getActivityType().getName(), a.getAttempt(),
          a.hasLastFailure() ? message(a.getLastFailure()) : null,
          a.getState().name().replace("PENDING_ACTIVITY_STATE_", ""), next));
    }
    return out;
  }

  private static DescribeWorkflowExecutionResponse describe(TemporalConnection temporal, String workflowId,
      String runId) {
    return temporal.stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(temporal.namespace())
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
        .build());
  }

  /** The failure's message (its cause's when it has none), on one line and not too long. */
  static String message(Failure failure) {
    Failure f = failure;
    while (f.getMessage().isBlank() && f.hasCause()) {
      f = f.getCause();
    }
    String type = f.hasApplicationFailureInfo() ? f.getApplicationFailureInfo().getType() : "";
    type = type.substring(type.lastIndexOf('.') + 1); // a Java exception's simple name
    String text = f.getMessage().replaceAll("\\p{Cntrl}+", " ").strip();
    if (!type.isBlank() && !text.startsWith(type)) {
      text = type + ": " + text;
    }
    return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR - 3) + "..." : text;
  }

  private static String problem(String workflowId, StatusRuntimeException e) {
    return "cannot describe " + workflowId + " (" + e.getStatus().getCode()
        + (e.getStatus().getDescription() != null ? ": " + e.getStatus().getDescription() : "") + ")";
  }
}
