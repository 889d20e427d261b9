package dev.shepherd.release.status;

import dev.shepherd.cloud.HookPoint;

/**
 * A smoke-test hook's run in a region.
 *
 * @param point before or after traffic
 * @param function the hook's function
 * @param passed whether the region went on
 * @param reason what the hook answered, or why it counts as failed
 * @param millis how long it took
 */
public record HookRun(HookPoint point, String function, boolean passed, String reason, long millis) {

  /** One line for the audit log and status, e.g. {@code afterTraffic payments-smoke: FAILED (3 of 20 checks failed)}. */
  public String summary() {
    return point.key() + " " + function + ": " + (passed ? "passed" : "FAILED") + (reason == null || reason.isBlank()
        ? "" : " (" + reason + ")");
  }
}
