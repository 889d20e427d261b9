package dev.shepherd.release.story;

import io.temporal.workflow.Workflow;

/**
 * Every change to the release's workflow code that a running release must not see, in one place. Each is a
 * {@code Workflow.getVersion} change id, named after its change and asked once per release: a release begun
 * before the change replays as it ran, one begun after takes the new path. The ids are recorded in histories
 * and never change; a new change is a new id here (and a recorded history in the replay tests).
 */
public final class Changes {

  /** Verified identity: proofs on every message, the release policy, four eyes between verified principals. */
  static final String VERIFIED_IDENTITY = "verified-identity";
  /**
   * The application lock, and the spec rules that came with it (function names, AppConfig values): releases
   * recorded before took no lock and were judged without those rules. One id, since they came in one change.
   */
  static final String LOCK_AND_SPEC_RULES = "application-lock";
  /** Canary analysis, smoke-test hooks and notifications in releases. */
  static final String OBSERVES = "analysis-hooks-notifications";
  /**
   * A wave reads its regions' rollback targets in one activity rather than one per region, scheduled ahead of
   * the guard's watches (which nothing waits for) when both go out in one workflow task.
   */
  static final String WAVE_READS_FIRST = "wave-reads-first";

  private Boolean verifiedIdentity;
  private Boolean lockAndSpecRules;
  private Boolean observes;
  private Boolean waveReadsFirst;

  /**
   * Whether the release verifies who sends it what: asked at the start of the release, or in the first signal
   * or update handler when one runs before it.
   */
  public boolean verifiedIdentity() {
    if (verifiedIdentity == null) {
      verifiedIdentity = isNew(VERIFIED_IDENTITY);
    }
    return verifiedIdentity;
  }

  /** Whether the release checks proofs: true from the moment it runs unless recorded before them. */
  boolean checksIdentity() {
    return verifiedIdentity == null || verifiedIdentity;
  }

  /** Whether the release takes its application's lock and judges its spec by the rules that came with it. */
  public boolean lockAndSpecRules() {
    if (lockAndSpecRules == null) {
      lockAndSpecRules = isNew(LOCK_AND_SPEC_RULES);
    }
    return lockAndSpecRules;
  }

  /**
   * Asks whether the release acts on canary analysis, hooks and notifications; call once, from the release's
   * main thread, as it begins. Releases begun before ignore those sections of their spec (it could already
   * hold an {@code analysis} section, which nothing used).
   */
  void askObserves() {
    if (observes == null) {
      observes = isNew(OBSERVES);
    }
  }

  /** Whether the release acts on canary analysis, hooks and notifications; false until it has asked. */
  boolean observes() {
    return Boolean.TRUE.equals(observes);
  }

  /**
   * Whether the release reads a wave's rollback targets in one activity, ahead of the guard's watches: asked
   * as its first wave reads them. Releases recorded before read them one activity per region, behind the
   * watches.
   */
  boolean waveReadsFirst() {
    if (waveReadsFirst == null) {
      waveReadsFirst = isNew(WAVE_READS_FIRST);
    }
    return waveReadsFirst;
  }

  private static boolean isNew(String changeId) {
    return Workflow.getVersion(changeId, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
  }
}
