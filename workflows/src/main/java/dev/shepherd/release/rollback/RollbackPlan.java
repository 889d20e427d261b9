package dev.shepherd.release.rollback;

import dev.shepherd.release.status.UndoState;
import dev.shepherd.release.status.UndoStatus;
import dev.shepherd.release.story.Halt;
import dev.shepherd.release.story.RegionTracker;
import dev.shepherd.release.story.ReleaseState;
import dev.shepherd.release.story.WaveTracker;
import dev.shepherd.cloud.UndoResult;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The rollback plan: every change the release makes registers its undo first (as samples-java's
 * booking saga does), and a rollback runs the undos newest first, a wave's regions in parallel. An undo
 * changes only what is still where the release left it; anything someone changed since is left alone and
 * reported {@code DRIFTED}. Transient failures are retried without limit; a permanent one leaves the undo
 * {@code FAILED} for an operator to fix and retry.
 */
public final class RollbackPlan {

  private final ReleaseState state;
  private final List<Undo> undos = new ArrayList<>();

  public RollbackPlan(ReleaseState state) {
    this.state = state;
  }

  /** Registers the undo of a region's alias; armed once its deployment starts. */
  public Undo registerAlias(WaveTracker wave, RegionTracker region) {
    Undo undo = new AliasUndo(wave, region);
    undos.add(undo);
    return undo;
  }

  /** Registers the undo of the flag, armed at once: it is registered right before the flag is written. */
  public Undo registerFlag() {
    Undo undo = new FlagUndo(state.waves.size());
    undo.arm();
    undos.add(undo);
    return undo;
  }

  /** Whether the release changed anything that a rollback would have to look at. */
  public boolean anythingArmed() {
    return undos.stream().anyMatch(Undo::armed);
  }

  /**
   * Runs every pending undo, newest group first.
   *
   * @return what is left undone, in words; empty when every undo restored, found unchanged or drifted
   */
  public List<String> run() {
    TreeSet<Integer> groups = new TreeSet<>();
    for (Undo u : undos) {
      if (u.pending()) {
        groups.add(u.group());
      }
    }
    for (int group : groups.descendingSet()) {
      runGroup(undos.stream().filter(u -> u.group() == group && u.pending()).toList());
    }
    return leftovers();
  }

  private void runGroup(List<Undo> group) {
    Map<Undo, Promise<UndoResult>> running = new LinkedHashMap<>();
    for (Undo u : group) {
      u.running();
      running.put(u, u.start(state));
    }
    WaveTracker wave = group.get(0).wave();
    if (wave != null) {
      wave.rollingBack();
      state.doing("rolling back wave " + wave.spec().name() + ": " + String.join(", ",
          group.stream().map(u -> u.describe(state)).toList()));
    } else {
      state.doing("rolling back: " + group.get(0).describe(state));
    }
    for (var entry : running.entrySet()) {
      Undo u = entry.getKey();
      try {
        u.done(state, entry.getValue().get());
      } catch (TemporalFailure e) {
        u.failed(state, Halt.rootMessage(e));
      }
    }
    if (wave != null) {
      wave.rollbackEnded();
    }
    state.touch();
  }

  /** What is left undone, in words: where each failed undo leaves things. */
  public List<String> leftovers() {
    return undos.stream().filter(u -> u.state() == UndoState.FAILED).map(u -> u.leftover(state)).toList();
  }

  /** Undos that found their resource changed by someone else, in words. */
  public List<String> drifted() {
    return undos.stream().filter(u -> u.state() == UndoState.DRIFTED)
        .map(u -> u.drifted(state) + " (" + u.detail() + ")").toList();
  }

  public List<UndoStatus> toStatus() {
    return undos.stream().map(u -> u.toStatus(state)).toList();
  }
}
