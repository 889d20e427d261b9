package dev.shepherd.worker;

import dev.shepherd.aws.AwsClients;
import dev.shepherd.aws.AwsProvider;
import dev.shepherd.aws.AwsSettings;
import dev.shepherd.notify.NotificationSettings;
import dev.shepherd.sim.SimProvider;
import dev.shepherd.sim.SimulatedCloud;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Which cloud the activities act on: chosen in the worker, never in workflow code. */
public enum Provider {
  /** The real AWS APIs (or an emulator named by SHEPHERD_AWS_ENDPOINT). */
  AWS,
  /** The in-memory simulated cloud (demo). */
  SIM;

  public static Provider parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--provider: \"" + text + "\" is not a provider; use aws or sim");
    }
  }

  /**
   * The activity implementations of this provider, with notifications to SNS only (no webhooks, no Web UI
   * links).
   */
  public List<Object> activities(Map<String, String> env, SimulatedCloud cloud) {
    return activities(env, cloud, NotificationSettings.none());
  }

  /**
   * The activity implementations of this provider; the AWS provider's notifications as the settings say (the
   * simulated provider records them in the cloud).
   */
  public List<Object> activities(Map<String, String> env, SimulatedCloud cloud, NotificationSettings notifications) {
    return switch (this) {
      case AWS -> AwsProvider.activities(new AwsClients(AwsSettings.fromEnvironment(env)), notifications);
      case SIM -> SimProvider.activities(cloud);
    };
  }
}
