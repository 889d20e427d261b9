package dev.shepherd.cloud;

import java.util.List;

/**
 * The alarms found in ALARM.
 *
 * @param firing each one, with its region and reason; empty when all are quiet
 */
public record AlarmCheck(List<FiringAlarm> firing) {

  public AlarmCheck {
    firing = firing == null ? List.of() : List.copyOf(firing);
  }
}
