package dev.shepherd.aws;

import java.util.List;

/** The AWS provider: one instance of each activity group, sharing the clients. */
public final class AwsProvider {

  private AwsProvider() {}

  /** The activity implementations to register with a worker. */
  public static List<Object> activities(AwsClients aws) {
    return List.of(
        new AwsBuildActivities(aws),
        new AwsDeployActivities(aws),
        new AwsHealthActivities(aws),
        new AwsFlagActivities(aws),
        new AwsAnalysisActivities(aws),
        new AwsHookActivities(aws));
  }
}
