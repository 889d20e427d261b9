package dev.shepherd.release.rollback;

import dev.shepherd.release.status.FlagState;
import dev.shepherd.release.status.RegionState;
import dev.shepherd.release.status.UndoState;
import dev.shepherd.release.status.UndoStatus;
import dev.shepherd.release.status.WaveState;
import dev.shepherd.release.story.ActivityStubs;
import dev.shepherd.release.story.FlagTracker;
import dev.shepherd.release.story.Halt;
import dev.shepherd.release.story.RegionTracker;
import dev.shepherd.release.story.ReleaseState;
import dev.shepherd.release.story.WaveTracker;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.AliasRestoreRequest;
import dev.shepherd.cloud.FlagRestore;
import dev.shepherd.cloud.UndoOutcome;
import dev.shepherd.cloud.UndoResult;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
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
    Undo undo = Undo.alias(wave, region);
    undos.add(undo);
    return undo;
  }

  /** Registers the undo of the flag, armed at once: it is registered right before the flag is written. */
  public Undo registerFlag() {
    Undo undo = Undo.flag(state.waves.size());
    undo.armed = true;
    undos.add(undo);
    return undo;
  }

  /** Whether the release changed anything that a rollback would have to look at. */
  public boolean anythingArmed() {
    return undos.stream().anyMatch(u -> u.armed);
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
        groups.add(u.group);
      }
    }
    for (int group : groups.descendingSet()) {
      runGroup(undos.stream().filter(u -> u.group == group && u.pending()).toList());
    }
    return leftovers();
  }

  private void runGroup(List<Undo> group) {
    Map<Undo, Promise<UndoResult>> running = new LinkedHashMap<>();
    for (Undo u : group) {
      u.state = UndoState.RUNNING;
      u.detail = null;
      running.put(u, start(u));
    }
    WaveTracker wave = group.get(0).wave;
    if (wave != null) {
      wave.state = WaveState.ROLLING_BACK;
      state.activity = "rolling back wave " + wave.spec.name() + ": " + String.join(", ",
          group.stream().map(this::describe).toList());
    } else {
      state.activity = "rolling back: " + describe(group.get(0));
    }
    state.touch();
    for (var entry : running.entrySet()) {
      Undo u = entry.getKey();
      try {
        done(u, entry.getValue().get());
      } catch (TemporalFailure e) {
        failed(u, Halt.rootMessage(e));
      }
    }
    if (wave != null) {
      boolean failed = wave.regions.stream().anyMatch(r -> r.state == RegionState.ROLLBACK_FAILED);
      wave.state = failed ? WaveState.ROLLBACK_FAILED : WaveState.ROLLED_BACK;
    }
    state.touch();
  }

  private Promise<UndoResult> start(Undo u) {
    if (u.kind == Undo.Kind.FLAG) {
      FlagTracker f = state.flag;
      return Async.function(ActivityStubs.undoFlag("Roll back: restore " + f.target + " to " + f.previous
              + " if it still holds \"" + f.spec.value() + "\"")::restoreFlag,
          new FlagRestore(f.target, f.previous, f.spec.value()));
    }
    RegionTracker r = u.region;
    r.state = RegionState.ROLLING_BACK;
    AliasRef alias = state.aliasIn(r.region);
    List<String> ours = r.newVersion == null ? List.of() : List.of(r.newVersion);
    return Async.function(ActivityStubs.undoAlias("Roll back " + alias + " to version " + r.rollbackVersion()
            + " if it is still where this release left it")::restoreAlias,
        new AliasRestoreRequest(alias, r.rollbackTarget, state.releaseId, ours));
  }

  private void done(Undo u, UndoResult result) {
    u.state = switch (result.outcome()) {
      case RESTORED -> UndoState.RESTORED;
      case UNCHANGED -> UndoState.UNCHANGED;
      case DRIFTED -> UndoState.DRIFTED;
    };
    if (u.kind == Undo.Kind.FLAG) {
      FlagTracker f = state.flag;
      f.found = result.found();
      if (result.outcome() == UndoOutcome.DRIFTED) {
        f.state = FlagState.DRIFTED;
        u.detail = "someone changed the flag after this release set it: found " + result.found() + "; left alone";
      } else {
        f.state = FlagState.RESTORED;
        u.detail = result.outcome() == UndoOutcome.UNCHANGED ? "already " + f.previous + ": nothing to undo" : null;
      }
      return;
    }
    RegionTracker r = u.region;
    if (result.outcome() == UndoOutcome.DRIFTED) {
      r.state = RegionState.DRIFTED;
      r.foundVersion = versionIn(result.found());
      r.detail = "someone moved the alias after this release"
          + (r.newVersion != null ? " left it on version " + r.newVersion : "") + ": found " + result.found()
          + "; left alone for a person to decide";
      u.detail = r.detail;
      return;
    }
    r.state = RegionState.ROLLED_BACK;
    r.version = r.rollbackVersion();
    r.weight = 0;
    r.detail = result.outcome() == UndoOutcome.UNCHANGED ? "nothing to undo: the alias was still on version "
        + r.rollbackVersion() : null;
    u.detail = r.detail;
  }

  private void failed(Undo u, String why) {
    u.state = UndoState.FAILED;
    if (u.kind == Undo.Kind.FLAG) {
      state.flag.state = FlagState.RESTORE_FAILED;
      u.detail = "restoring " + state.flag.previous + " failed: " + why;
      return;
    }
    RegionTracker r = u.region;
    r.state = RegionState.ROLLBACK_FAILED;
    r.detail = "rollback to version " + r.rollbackVersion() + " failed: " + why;
    u.detail = r.detail;
  }

  /** What is left undone, in words: where each failed undo leaves things. */
  public List<String> leftovers() {
    List<String> out = new ArrayList<>();
    for (Undo u : undos) {
      if (u.state != UndoState.FAILED) {
        continue;
      }
      if (u.kind == Undo.Kind.FLAG) {
        out.add(state.flag.target + " may still be \"" + state.flag.spec.value() + "\" (" + u.detail + ")");
      } else {
        RegionTracker r = u.region;
        out.add(r.region + ": " + state.aliasIn(r.region) + " may still serve "
            + (r.newVersion != null ? "version " + r.newVersion : "this release's version") + "; " + r.detail);
      }
    }
    return out;
  }

  /** Undos that found their resource changed by someone else, in words. */
  public List<String> drifted() {
    List<String> out = new ArrayList<>();
    for (Undo u : undos) {
      if (u.state == UndoState.DRIFTED) {
        out.add((u.kind == Undo.Kind.FLAG ? state.flag.target.toString() : u.region.region.code()) + " ("
            + u.detail + ")");
      }
    }
    return out;
  }

  public List<UndoStatus> toStatus() {
    return undos.stream().map(u -> new UndoStatus(describe(u), u.state, u.detail))
        .toList();
  }

  private String describe(Undo u) {
    if (u.kind == Undo.Kind.FLAG) {
      return state.flag.target + " back to " + state.flag.previous;
    }
    return state.aliasIn(u.region.region) + " back to version " + u.region.rollbackVersion();
  }

  private static String versionIn(String found) {
    if (found == null) {
      return null;
    }
    String f = found.startsWith("version ") ? found.substring("version ".length()) : found;
    int space = f.indexOf(' ');
    return space < 0 ? f : f.substring(0, space);
  }
}
