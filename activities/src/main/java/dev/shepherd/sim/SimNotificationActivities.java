package dev.shepherd.sim;

import dev.shepherd.cloud.Notification;
import dev.shepherd.cloud.NotificationActivities;
import dev.shepherd.cloud.NotificationResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Notifications in the simulated cloud: each is recorded in {@link SimulatedCloud#notifications()} instead of
 * being sent, once per id, as the real channels deliver it at most once. Every webhook name is taken as known.
 * Faults planned for {@link CloudCall#NOTIFY} make a send fail as planned (e.g. {@code failCallTransiently(CloudCall.NOTIFY,
 * null, 3)}: a retryable failure three times, as a channel that cannot be reached), so that a test can show that
 * a release neither waits for nor fails because of its notifications.
 */
public record SimNotificationActivities(SimulatedCloud cloud) implements NotificationActivities {

  @Override
  public NotificationResult send(Notification notification) {
    cloud.pause();
    cloud.check(CloudCall.NOTIFY, null);
    boolean first = cloud.recordNotification(notification);
    String what = first ? "sent (simulated)" : "sent before (simulated); not sent again";
    List<String> outcomes = new ArrayList<>();
    if (notification.sns() != null) {
      outcomes.add("sns: " + what);
    }
    if (notification.webhook() != null) {
      outcomes.add("webhook " + notification.webhook() + ": " + what);
    }
    return new NotificationResult(outcomes);
  }
}
