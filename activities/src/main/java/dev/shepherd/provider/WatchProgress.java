package dev.shepherd.provider;

/**
 * What an alarm watch heartbeats, so that a retried attempt (on any worker) carries on where the last
 * one stopped: its poll count and, above all, its blind clock.
 *
 * @param polls how many times the alarms were read so far
 * @param lastReadMillis when every region's alarms were last read successfully (epoch millis), or when
 *     the watch started if never
 * @param lastError the error of the latest failed read, or null when the latest read succeeded
 */
public record WatchProgress(int polls, long lastReadMillis, String lastError) {}
