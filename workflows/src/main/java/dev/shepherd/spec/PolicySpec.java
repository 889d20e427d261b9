package dev.shepherd.spec;

import java.time.Duration;
import java.util.List;

/**
 * How a release behaves when something goes wrong, and when it may deploy.
 *
 * @param onFailure roll back at once, or pause for an operator
 * @param approvalTimeout how long a gate waits before it counts as rejected
 * @param pauseTimeout how long a paused release waits for retry or rollback before rolling back
 * @param windows deployment windows such as {@code "Mon-Fri 09:00-17:00 Europe/Dublin"}; a wave
 *     starts only inside one. Empty means any time.
 * @param alarmBlocker whether a region whose alarms already fire before it is touched fails or waits
 * @param alarmBlockerTimeout how long a region waits for its alarms to be quiet (with {@code wait})
 */
public record PolicySpec(
    OnFailure onFailure,
    Duration approvalTimeout,
    Duration pauseTimeout,
    List<String> windows,
    AlarmBlocker alarmBlocker,
    Duration alarmBlockerTimeout) {

  public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofHours(72);
  public static final Duration DEFAULT_PAUSE_TIMEOUT = Duration.ofHours(24);
  public static final Duration DEFAULT_ALARM_BLOCKER_TIMEOUT = Duration.ofHours(1);

  public PolicySpec {
    onFailure = onFailure == null ? OnFailure.ROLLBACK : onFailure;
    approvalTimeout = approvalTimeout == null ? DEFAULT_APPROVAL_TIMEOUT : approvalTimeout;
    pauseTimeout = pauseTimeout == null ? DEFAULT_PAUSE_TIMEOUT : pauseTimeout;
    windows = windows == null ? List.of() : List.copyOf(windows);
    alarmBlocker = alarmBlocker == null ? AlarmBlocker.FAIL : alarmBlocker;
    alarmBlockerTimeout = alarmBlockerTimeout == null ? DEFAULT_ALARM_BLOCKER_TIMEOUT : alarmBlockerTimeout;
  }

  /** A policy without alarm-blocker settings (fail when a region's alarms already fire). */
  public PolicySpec(OnFailure onFailure, Duration approvalTimeout, Duration pauseTimeout, List<String> windows) {
    this(onFailure, approvalTimeout, pauseTimeout, windows, null, null);
  }

  public static PolicySpec defaults() {
    return new PolicySpec(null, null, null, null, null, null);
  }
}
