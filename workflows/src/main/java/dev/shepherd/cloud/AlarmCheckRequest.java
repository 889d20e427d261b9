package dev.shepherd.cloud;

import dev.shepherd.spec.Region;
import java.util.List;

/**
 * Alarms to look at in one region.
 *
 * @param region the region
 * @param alarms the alarm names
 */
public record AlarmCheckRequest(Region region, List<String> alarms) {}
