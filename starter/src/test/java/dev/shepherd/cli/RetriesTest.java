package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which steps status says are being retried, from what DescribeWorkflowExecution returns. */
class RetriesTest {

  private static final String RELEASE = "release/payments/1.4.2";

  @Test
  void aRegionsActivityPastItsFirstAttemptIsRetriedInThatRegion() {
    var described = described(RELEASE + "/eu-west-1",
        activity("PublishVersion", 1, null, null),
        activity("UpdateCode", 4, Failure.newBuilder().setMessage("Rate exceeded\nslow down")
            .setApplicationFailureInfo(ApplicationFailureInfo.newBuilder().setType("Throttling")).build(),
            Instant.parse("2026-03-02T10:05:00Z")));

    assertThat(Retries.from(RELEASE, described)).containsExactly(new Retries.Retrying(RELEASE + "/eu-west-1",
        "eu-west-1", "UpdateCode", 4, "Throttling: Rate exceeded slow down", "SCHEDULED",
        Instant.parse("2026-03-02T10:05:00Z")));
  }

  @Test
  void theReleasesOwnActivityHasNoRegionAndAJavaExceptionIsNamedByItsSimpleName() {
    var described = described(RELEASE, activity("StartBuild", 2, Failure.newBuilder().setMessage("")
        .setCause(Failure.newBuilder().setMessage("connection reset")
            .setApplicationFailureInfo(ApplicationFailureInfo.newBuilder().setType("java.io.IOException")))
        .build(), null));

    var r = Retries.from(RELEASE, described).get(0);

    assertThat(r.region()).isNull();
    assertThat(r.lastError()).isEqualTo("IOException: connection reset");
    assertThat(r.nextAttemptAt()).isNull();
    assertThat(r.describe()).isEqualTo("retrying StartBuild: attempt 2, last error: IOException: connection reset; "
        + "attempt running now");
  }

  @Test
  void aVeryLongErrorIsCut() {
    var described = described(RELEASE, activity("StartBuild", 3, Failure.newBuilder().setMessage("x".repeat(5000))
        .build(), null));

    assertThat(Retries.from(RELEASE, described).get(0).lastError()).hasSize(300).endsWith("...");
  }

  @Test
  void anAttemptWaitingWithoutAKnownNextTimeSaysNothingAboutWhen() {
    var waiting = new Retries.Retrying(RELEASE, null, "StartBuild", 3, "boom", "SCHEDULED", null);

    assertThat(waiting.describe()).isEqualTo("retrying StartBuild: attempt 3, last error: boom");
  }

  @Test
  void firstAttemptsAreNotRetries() {
    assertThat(Retries.from(RELEASE, described(RELEASE, activity("StartBuild", 1, null, null)))).isEmpty();
  }

  private static DescribeWorkflowExecutionResponse described(String workflowId, PendingActivityInfo... activities) {
    var b = DescribeWorkflowExecutionResponse.newBuilder().setWorkflowExecutionInfo(WorkflowExecutionInfo.newBuilder()
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)));
    for (PendingActivityInfo a : activities) {
      b.addPendingActivities(a);
    }
    return b.build();
  }

  private static PendingActivityInfo activity(String type, int attempt, Failure lastFailure, Instant next) {
    var b = PendingActivityInfo.newBuilder().setActivityType(ActivityType.newBuilder().setName(type))
        .setAttempt(attempt).setState(next != null ? PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED
            : PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
    if (lastFailure != null) {
      b.setLastFailure(lastFailure);
    }
    if (next != null) {
      b.setNextAttemptScheduleTime(Timestamp.newBuilder().setSeconds(next.getEpochSecond()).setNanos(next.getNano()));
    }
    return b.build();
  }
}
