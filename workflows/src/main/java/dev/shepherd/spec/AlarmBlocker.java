package dev.shepherd.spec;

/** What a region deployment does when the region's alarms are already firing before it is touched. */
public enum AlarmBlocker {
  /** Fail (and roll back what the release changed). */
  FAIL,
  /** Wait until the alarms are quiet, up to {@code policy.alarmBlockerTimeout}, then fail. */
  WAIT
}
