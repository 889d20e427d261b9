package dev.shepherd.notify;

import dev.shepherd.aws.AwsClients;
import dev.shepherd.cloud.Notification;
import dev.shepherd.cloud.NotificationActivities;
import dev.shepherd.cloud.NotificationResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends release notifications to the channels they name: an SNS topic ({@link SnsPublisher}) and a
 * Slack-compatible incoming webhook that the worker knows by name ({@link WebhookPoster}).
 *
 * <p>At most once per channel. A channel that accepted a notification, refused it, or was sent it without a
 * clear answer (it may have been delivered) is not sent it again: this worker remembers the last
 * {@value SentNotifications#DEFAULT_CAPACITY} notifications of each kind of channel, and the activity's
 * heartbeat details carry what each attempt settled to the next attempt, on whichever worker it runs. A channel
 * that provably did not get it (connection refused, host not found, HTTP 429 or 503 from a webhook, SNS
 * throttling) makes the activity fail retryably ({@value #NOT_DELIVERED}), and the retry sends it to that channel
 * only. Unknown and refused outcomes are logged at WARN and returned in the result, never thrown.
 */
public final class ChannelNotificationActivities implements NotificationActivities {

  /** The type of the retryable failure thrown when a channel provably did not get the notification. */
  public static final String NOT_DELIVERED = "NOTIFICATION_NOT_DELIVERED";

  private static final Logger log = LoggerFactory.getLogger(ChannelNotificationActivities.class);

  private final NotificationSettings settings;
  private final SnsPublisher sns;
  private final WebhookPoster webhooks;
  private final SentNotifications sentToSns;
  private final SentNotifications sentToWebhooks;

  /** Publishes with the worker's AWS clients and posts to the webhooks of the settings. */
  public ChannelNotificationActivities(AwsClients aws, NotificationSettings settings) {
    this(aws, settings, SentNotifications.DEFAULT_CAPACITY);
  }

  ChannelNotificationActivities(AwsClients aws, NotificationSettings settings, int remembered) {
    this.settings = settings;
    this.sns = new SnsPublisher(aws);
    this.webhooks = new WebhookPoster(settings);
    this.sentToSns = new SentNotifications(remembered);
    this.sentToWebhooks = new SentNotifications(remembered);
  }

  /**
   * What each attempt of a send settled, by channel ({@code sns}, {@code webhook NAME}), carried to the next
   * attempt in the activity's heartbeat details.
   */
  record Settled(Map<String, String> outcomes) {}

  @Override
  public NotificationResult send(Notification notification) {
    NotificationMessage message = NotificationMessage.of(notification, settings);
    Optional<ActivityExecutionContext> activity = activityContext();
    Map<String, String> settled = new LinkedHashMap<>(earlierAttempts(activity));
    List<String> outcomes = new ArrayList<>();
    List<String> notDelivered = new ArrayList<>();
    if (notification.sns() != null && !notification.sns().isBlank()) {
      String topic = notification.sns();
      outcomes.add(sendOnce("sns", topic, notification, sentToSns, settled, notDelivered, activity,
          () -> sns.publish(topic, message)));
    }
    if (notification.webhook() != null && !notification.webhook().isBlank()) {
      String name = notification.webhook();
      URI url = settings.webhooks().get(name);
      String channel = "webhook " + name;
      if (url == null) {
        String line = Delivery.refused("not sent: no such webhook on this worker (give the worker --webhook " + name
            + "=URL, or SHEPHERD_WEBHOOKS)").line(channel);
        log.warn("notification {} ({}): {}", notification.id(), notification.kind(), line);
        outcomes.add(line);
      } else {
        outcomes.add(sendOnce(channel, name, notification, sentToWebhooks, settled, notDelivered, activity,
            () -> webhooks.post(url, message)));
      }
    }
    if (!notDelivered.isEmpty()) {
      throw ApplicationFailure.newFailure("notification " + notification.id() + " (" + notification.kind()
          + ") not delivered: " + String.join("; ", notDelivered)
          + (outcomes.size() > notDelivered.size() ? "; the other channels are not sent it again: "
              + String.join("; ", outcomes.stream().filter(o -> !notDelivered.contains(o)).toList()) : ""),
          NOT_DELIVERED);
    }
    return new NotificationResult(outcomes);
  }

  private String sendOnce(String channel, String target, Notification n, SentNotifications sent,
      Map<String, String> settled, List<String> notDelivered, Optional<ActivityExecutionContext> activity,
      Supplier<Delivery> deliver) {
    String earlier = settled.get(channel);
    if (earlier != null) {
      return earlier;
    }
    SentNotifications.Claim claim = sent.claim(target, n.id());
    if (claim instanceof SentNotifications.Settled s) {
      return s.outcome();
    }
    if (claim instanceof SentNotifications.InFlight) {
      String line = Delivery.notDelivered("not sent yet: another attempt on this worker is sending it; retrying")
          .line(channel);
      notDelivered.add(line);
      return line;
    }
    Delivery delivery;
    try {
      delivery = deliver.get();
    } catch (RuntimeException e) {
      // Whatever it was, the request may have gone out.
      log.warn("notification {} to {} failed unexpectedly", n.id(), channel, e);
      delivery = Delivery.unknown("outcome unknown: " + e.getClass().getSimpleName() + "; not sent again");
    }
    String line = delivery.line(channel);
    if (!delivery.settled()) {
      sent.release(target, n.id());
      notDelivered.add(line);
      log.info("notification {} ({}): {}", n.id(), n.kind(), line);
      return line;
    }
    sent.settle(target, n.id(), line);
    settled.put(channel, line);
    activity.ifPresent(a -> heartbeat(a, settled));
    if (delivery.outcome() == Delivery.Outcome.SENT) {
      log.info("notification {} ({}): {}", n.id(), n.kind(), line);
    } else {
      log.warn("notification {} ({}): {}", n.id(), n.kind(), line);
    }
    return line;
  }

  /** The context of the activity this runs in; empty when called directly (tests). */
  private static Optional<ActivityExecutionContext> activityContext() {
    try {
      return Optional.of(Activity.getExecutionContext());
    } catch (IllegalStateException notInAnActivity) {
      return Optional.empty();
    }
  }

  private static Map<String, String> earlierAttempts(Optional<ActivityExecutionContext> activity) {
    return activity.flatMap(a -> a.getHeartbeatDetails(Settled.class)).map(Settled::outcomes).orElse(Map.of());
  }

  /**
   * Records what is settled in the heartbeat details. The SDK sends the first heartbeat at once and the last
   * one with the attempt's failure, so the next attempt, on any worker, finds it.
   */
  private static void heartbeat(ActivityExecutionContext activity, Map<String, String> settled) {
    activity.heartbeat(new Settled(Map.copyOf(settled)));
  }
}
