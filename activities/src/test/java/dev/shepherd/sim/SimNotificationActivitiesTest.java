package dev.shepherd.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.cloud.Notification;
import dev.shepherd.cloud.NotificationKind;
import dev.shepherd.cloud.NotificationResult;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

/** The simulated notifications: recorded once per id, never sent. */
class SimNotificationActivitiesTest {

  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:release-news";

  private final SimulatedCloud cloud = new SimulatedCloud();
  private final SimNotificationActivities notifications = new SimNotificationActivities(cloud);

  @Test
  void aSentNotificationIsRecordedWithAnOutcomePerChannel() {
    Notification n = notification(1, NotificationKind.GATE_WAITING);

    NotificationResult result = notifications.send(n);

    assertThat(result.outcomes()).containsExactly("sns: sent (simulated)", "webhook ops: sent (simulated)");
    assertThat(cloud.notifications()).containsExactly(n);
    assertThat(cloud.operations()).as("notifications are not operations on the cloud").isEmpty();
  }

  @Test
  void aRetriedSendIsRecordedOnce() {
    Notification waiting = notification(1, NotificationKind.GATE_WAITING);
    Notification released = notification(2, NotificationKind.RELEASED);

    notifications.send(waiting);
    NotificationResult again = notifications.send(waiting);
    notifications.send(released);

    assertThat(again.outcomes()).containsExactly("sns: sent before (simulated); not sent again",
        "webhook ops: sent before (simulated); not sent again");
    assertThat(cloud.notifications()).containsExactly(waiting, released);
  }

  @Test
  void aPlannedTransientFaultFailsRetryablyAndRecordsNothingUntilItPasses() {
    cloud.failCallTransiently(CloudCall.NOTIFY, null, 1);
    Notification n = notification(1, NotificationKind.ROLLBACK_FAILED);

    assertThatThrownBy(() -> notifications.send(n)).isInstanceOfSatisfying(ApplicationFailure.class,
        f -> assertThat(f.isNonRetryable()).isFalse());
    assertThat(cloud.notifications()).isEmpty();
    notifications.send(n);

    assertThat(cloud.notifications()).containsExactly(n);
  }

  private static Notification notification(int n, NotificationKind kind) {
    return new Notification("release/payments/1.4.2/run-1/" + n, kind, kind == NotificationKind.ROLLBACK_FAILED,
        "default", "release/payments/1.4.2", "run-1", "payments", "1.4.2",
        kind == NotificationKind.GATE_WAITING ? "rest" : null, "payments 1.4.2: " + kind, "", TOPIC, "ops");
  }
}
