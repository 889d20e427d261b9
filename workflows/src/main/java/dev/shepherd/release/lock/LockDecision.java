package dev.shepherd.release.lock;

/**
 * What a release found when it went for its application's lock.
 *
 * @param outcome {@code HELD} (it holds the lock and goes on), {@code QUEUED} (it waits for {@code
 *     holder} to end) or {@code REFUSED} (another release runs and this one was not queued; it ends
 *     without changing anything)
 * @param holder the release that held the lock, for {@code QUEUED} and {@code REFUSED}
 * @param lockWorkflowId the lock's workflow id
 */
public record LockDecision(String outcome, String holder, String lockWorkflowId) {

  public static final String HELD = "HELD";
  public static final String QUEUED = "QUEUED";
  public static final String REFUSED = "REFUSED";
}
