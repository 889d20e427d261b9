package dev.shepherd.cloud;

import dev.shepherd.spec.Region;

/**
 * An alarm in ALARM.
 *
 * @param name the alarm name
 * @param region its region
 * @param reason CloudWatch's state reason
 */
public record FiringAlarm(String name, Region region, String reason) {

  @Override
  public String toString() {
    return "alarm " + name + " in " + region + " is in ALARM: " + reason;
  }
}
