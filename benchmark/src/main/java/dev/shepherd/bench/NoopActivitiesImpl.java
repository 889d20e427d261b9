package dev.shepherd.bench;

/** Does nothing, at once. */
public final class NoopActivitiesImpl implements NoopActivities {

  @Override
  public int noop(int n) {
    return n;
  }
}
