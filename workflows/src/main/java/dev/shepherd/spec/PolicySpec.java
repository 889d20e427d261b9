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
 * @param blindAfter how long an alarm watch may go without reading the alarms before the release counts
 *     as blind ({@code BLIND}) and follows {@code onFailure}
 */
public record PolicySpec(
    OnFailure onFailure,
    Duration approvalTimeout,
    Duration pauseTimeout,
    List<String> windows,
    AlarmBlocker alarmBlocker,
    Duration alarmBlockerTimeout,
    Duration blindAfter) {

  public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofHours(72);
  public static final Duration DEFAULT_PAUSE_TIMEOUT = Duration.ofHours(24);
  public static final Duration DEFAULT_ALARM_BLOCKER_TIMEOUT = Duration.ofHours(1);
  public static final Duration DEFAULT_BLIND_AFTER = Duration.ofMinutes(10);

  public PolicySpec {
    onFailure = onFailure == null ? OnFailure.ROLLBACK : onFailure;
    approvalTimeout = approvalTimeout == null ? DEFAULT_APPROVAL_TIMEOUT : approvalTimeout;
    pauseTimeout = pauseTimeout == null ? DEFAULT_PAUSE_TIMEOUT : pauseTimeout;
    windows = windows == null ? List.of() : List.copyOf(windows);
    alarmBlocker = alarmBlocker == null ? AlarmBlocker.FAIL : alarmBlocker;
    alarmBlockerTimeout = alarmBlockerTimeout == null ? DEFAULT_ALARM_BLOCKER_TIMEOUT : alarmBlockerTimeout;
    blindAfter = blindAfter == null ? DEFAULT_BLIND_AFTER : blindAfter;
  }

  /** A policy with the default {@code blindAfter}. */
  public PolicySpec(OnFailure onFailure, Duration approvalTimeout, Duration pauseTimeout, List<String> windows,
      AlarmBlocker alarmBlocker, Duration alarmBlockerTimeout) {
    this(onFailure, approvalTimeout, pauseTimeout, windows, alarmBlocker, alarmBlockerTimeout, null);
  }

  /** A policy without alarm-blocker settings (fail when a region's alarms already fire). */
  public PolicySpec(OnFailure onFailure, Duration approvalTimeout, Duration pauseTimeout, List<String> windows) {
    this(onFailure, approvalTimeout, pauseTimeout, windows, null, null, null);
  }

  public static PolicySpec defaults() {
    return new PolicySpec(null, null, null, null, null, null, null);
  }
}
