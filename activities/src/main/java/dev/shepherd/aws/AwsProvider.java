package dev.shepherd.aws;

import dev.shepherd.notify.ChannelNotificationActivities;
import dev.shepherd.notify.NotificationSettings;
import java.util.List;

/** The AWS provider: one instance of each activity group, sharing the clients. */
public final class AwsProvider {

  private AwsProvider() {}

  /**
   * The activity implementations to register with a worker, with notifications to SNS only (no webhooks, no
   * Web UI links, the approve command for the CLI's default server).
   */
  public static List<Object> activities(AwsClients aws) {
    return activities(aws, NotificationSettings.none());
  }

  /** The activity implementations to register with a worker; notifications as the settings say. */
  public static List<Object> activities(AwsClients aws, NotificationSettings notifications) {
    return List.of(
        new AwsBuildActivities(aws),
        new AwsDeployActivities(aws),
        new AwsHealthActivities(aws),
        new AwsFlagActivities(aws),
        new AwsAnalysisActivities(aws),
        new AwsHookActivities(aws),
        new ChannelNotificationActivities(aws, notifications));
  }
}
