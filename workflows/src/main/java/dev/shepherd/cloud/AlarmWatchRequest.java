package dev.shepherd.cloud;

import dev.shepherd.spec.Region;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Alarms to watch until a deadline, or until the watch is cancelled.
 *
 * @param regions the regions whose alarms are watched
 * @param alarms the alarm names, looked up in each region
 * @param deadline when watching stops (absolute, so that a retried attempt stops at the same time); null
 *     to watch until cancelled
 * @param pollInterval how often the alarms are read
 * @param blindAfter how long the watch may go without one successful read of the alarms before it fails
 *     {@code BLIND}; failed reads in between are retried and never end the watch by themselves
 */
public record AlarmWatchRequest(List<Region> regions, List<String> alarms, Instant deadline, Duration pollInterval,
    Duration blindAfter) {}
