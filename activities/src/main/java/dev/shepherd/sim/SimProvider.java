package dev.shepherd.sim;

import java.util.List;

/** The simulated provider: one instance of each activity group, all on the same cloud. */
public final class SimProvider {

  private SimProvider() {}

  /** The activity implementations to register with a worker. */
  public static List<Object> activities(SimulatedCloud cloud) {
    return List.of(
        new SimBuildActivities(cloud),
        new SimDeployActivities(cloud),
        new SimHealthActivities(cloud),
        new SimFlagActivities(cloud),
        new SimAnalysisActivities(cloud),
        new SimHookActivities(cloud),
        new SimNotificationActivities(cloud));
  }
}
