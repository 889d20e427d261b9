package dev.shepherd.cloud;

import java.util.List;

/**
 * What happened to a notification on each channel.
 *
 * @param outcomes one line per channel, e.g. {@code sns: sent (message id ...)}, {@code webhook ops-slack:
 *     not sent: no such webhook on this worker}
 */
public record NotificationResult(List<String> outcomes) {

  public NotificationResult {
    outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
  }
}
