package dev.shepherd.sim;

/** The operations of the simulated cloud, as recorded in its log and targeted by faults. */
public enum Step {
  PREFLIGHT,
  BUILD,
  TEST,
  CAPTURE,
  CHECK_ALARMS,
  UPDATE_CODE,
  PUBLISH,
  ROUTE_CANARY,
  PROMOTE,
  ROLLBACK,
  WATCH_ALARMS,
  CAPTURE_FLAG,
  SET_FLAG,
  RESTORE_FLAG
}
