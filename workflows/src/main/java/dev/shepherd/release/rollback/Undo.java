package dev.shepherd.release.rollback;

import dev.shepherd.cloud.UndoResult;
import dev.shepherd.release.status.UndoState;
import dev.shepherd.release.status.UndoStatus;
import dev.shepherd.release.story.ReleaseState;
import dev.shepherd.release.story.WaveTracker;
import io.temporal.workflow.Promise;

/**
 * One undo of the rollback plan: put one thing this release changed back. Registered before the change it
 * undoes is made, and armed when that change starts; only armed undos run. Each kind knows how it starts, what
 * its answer means for what it restores, and how it reads in words.
 */
public abstract sealed class Undo permits AliasUndo, FlagUndo {

  /** Undos of one group (a wave's regions) run in parallel; groups run newest first. */
  private final int group;
  private boolean armed;
  private UndoState state = UndoState.REGISTERED;
  private String detail;

  Undo(int group) {
    this.group = group;
  }

  /** From now on what it undoes may change: the undo runs if the release rolls back. */
  public void arm() {
    armed = true;
  }

  /** Starts the undo; its answer comes to {@link #done}, a failure to {@link #failed}. */
  abstract Promise<UndoResult> start(ReleaseState release);

  /** What the undo found and did, for itself and for what it restores. */
  abstract void done(ReleaseState release, UndoResult result);

  /** The undo failed permanently: what it restores is left as it is, for a person. */
  abstract void failed(ReleaseState release, String why);

  /** What it puts back, in words: {@code payments-api:live in us-east-1 back to version 3}. */
  abstract String describe(ReleaseState release);

  /** Where a failed undo leaves things, in words. */
  abstract String leftover(ReleaseState release);

  /** What someone else changed since, for a drifted undo: the region or the flag. */
  abstract String drifted(ReleaseState release);

  /** The wave whose regions it belongs to; null for an undo of no wave (the flag). */
  WaveTracker wave() {
    return null;
  }

  /** Its undo runs now. */
  void running() {
    state = UndoState.RUNNING;
    detail = null;
  }

  /** Its undo ended with {@code result}'s outcome; {@code why} says more when needed. */
  void ended(UndoResult result, String why) {
    state = switch (result.outcome()) {
      case RESTORED -> UndoState.RESTORED;
      case UNCHANGED -> UndoState.UNCHANGED;
      case DRIFTED -> UndoState.DRIFTED;
    };
    detail = why;
  }

  /** Its undo failed permanently, for the reason given. */
  void endedFailed(String why) {
    state = UndoState.FAILED;
    detail = why;
  }

  /** Still to do when the release rolls back (again). */
  boolean pending() {
    return armed && (state == UndoState.REGISTERED || state == UndoState.FAILED || state == UndoState.RUNNING);
  }

  boolean armed() {
    return armed;
  }

  int group() {
    return group;
  }

  UndoState state() {
    return state;
  }

  String detail() {
    return detail;
  }

  UndoStatus toStatus(ReleaseState release) {
    return new UndoStatus(describe(release), state, detail);
  }
}
