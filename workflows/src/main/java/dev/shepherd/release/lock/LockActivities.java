package dev.shepherd.release.lock;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Who holds an application's lock, and waiting for it to be free; they read Temporal, not a cloud. */
@ActivityInterface
public interface LockActivities {

  /** The release holding the lock workflow {@code lockWorkflowId} now; a free lock has no holder. */
  @ActivityMethod
  LockHolder lockHolder(String lockWorkflowId);

  /**
   * Returns when the lock workflow {@code lockWorkflowId} is no longer running (its holder ended, however
   * it ended), with the holder it waited for; heartbeats while it waits.
   */
  @ActivityMethod
  LockHolder awaitLockFree(String lockWorkflowId);
}
