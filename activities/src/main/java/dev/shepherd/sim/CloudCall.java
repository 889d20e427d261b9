package dev.shepherd.sim;

/** The operations of the simulated cloud, as recorded in its log and targeted by faults. */
public enum CloudCall {
  PREFLIGHT,
  BUILD,
  TEST,
  CAPTURE,
  CHECK_ALARMS,
  UPDATE_CODE,
  PUBLISH,
  ROUTE_CANARY,
  PROMOTE,
  /** An alias undo that wrote: the alias was put back on its rollback target. */
  ROLLBACK,
  /** An alias undo that wrote nothing: the detail says whether the alias was unchanged or drifted. */
  ROLLBACK_SKIPPED,
  WATCH_ALARMS,
  /** Canary analysis read a region's metrics; the detail names the versions and intervals. */
  READ_METRICS,
  /**
   * A smoke-test hook ran in a region; the detail names the hook point, the hook function, the version it tested
   * and its answer ({@code passed}, or {@code failed: } and the reason).
   */
  RUN_HOOK,
  CAPTURE_FLAG,
  SET_FLAG,
  /** A flag undo that wrote: the flag was put back (or deleted). */
  RESTORE_FLAG,
  /** A flag undo that wrote nothing: the detail says whether the flag was unchanged or drifted. */
  RESTORE_FLAG_SKIPPED,
  /** A call that refused to act because someone moved the alias ({@code ALIAS_MOVED}); the detail says where. */
  REFUSED,
  /**
   * A release notification ({@code SimNotificationActivities}). Sent notifications are kept apart, in {@link
   * SimulatedCloud#notifications()}, not in the log of operations; the call exists so that faults can target it.
   */
  NOTIFY,
  /** A planned fault: the detail names the call that failed (or the alarm read), which did nothing. */
  FAULT
}
