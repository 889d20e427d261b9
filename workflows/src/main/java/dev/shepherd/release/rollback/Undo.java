package dev.shepherd.release.rollback;

import dev.shepherd.release.status.UndoState;
import dev.shepherd.release.story.RegionTracker;
import dev.shepherd.release.story.WaveTracker;

/**
 * One undo of the rollback plan: put one alias (or the flag) back. Registered before the change it undoes
 * is made, and armed when that change starts; only armed undos run.
 */
public final class Undo {

  enum Kind { ALIAS, FLAG }

  final Kind kind;
  /** Undos of one group (a wave's regions) run in parallel; groups run newest first. */
  final int group;
  final RegionTracker region;
  final WaveTracker wave;
  public boolean armed;
  UndoState state = UndoState.REGISTERED;
  String detail;

  private Undo(Kind kind, int group, WaveTracker wave, RegionTracker region) {
    this.kind = kind;
    this.group = group;
    this.wave = wave;
    this.region = region;
  }

  static Undo alias(WaveTracker wave, RegionTracker region) {
    return new Undo(Kind.ALIAS, wave.index, wave, region);
  }

  static Undo flag(int group) {
    return new Undo(Kind.FLAG, group, null, null);
  }

  /** Still to do when the release rolls back (again). */
  boolean pending() {
    return armed && (state == UndoState.REGISTERED || state == UndoState.FAILED || state == UndoState.RUNNING);
  }
}
