package dev.shepherd.cloud;

import dev.shepherd.spec.Region;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Alarms to watch until a deadline.
 *
 * @param regions the regions whose alarms are watched
 * @param alarms the alarm names, looked up in each region
 * @param deadline when watching stops (absolute, so that a retried attempt stops at the same time)
 * @param pollInterval how often the alarms are read
 */
public record AlarmWatchRequest(List<Region> regions, List<String> alarms, Instant deadline, Duration pollInterval) {}
