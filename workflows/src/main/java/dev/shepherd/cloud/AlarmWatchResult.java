package dev.shepherd.cloud;

/**
 * A watch that saw no alarm.
 *
 * @param polls how many times the alarms were read
 */
public record AlarmWatchResult(int polls) {}
