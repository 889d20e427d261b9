package dev.shepherd.bench;

import io.temporal.activity.ActivityInterface;

/** An activity that does nothing. */
@ActivityInterface
public interface NoopActivities {

  int noop(int n);
}
