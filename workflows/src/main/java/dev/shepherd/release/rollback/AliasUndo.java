package dev.shepherd.release.rollback;

import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.AliasRestoreRequest;
import dev.shepherd.cloud.UndoOutcome;
import dev.shepherd.cloud.UndoResult;
import dev.shepherd.release.story.ActivityStubs;
import dev.shepherd.release.story.RegionTracker;
import dev.shepherd.release.story.ReleaseState;
import dev.shepherd.release.story.WaveTracker;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import java.util.List;

/** Puts a region's alias back on its rollback target, if it is still where this release left it. */
final class AliasUndo extends Undo {

  private final WaveTracker wave;
  private final RegionTracker region;

  AliasUndo(WaveTracker wave, RegionTracker region) {
    super(wave.index());
    this.wave = wave;
    this.region = region;
  }

  @Override
  WaveTracker wave() {
    return wave;
  }

  @Override
  Promise<UndoResult> start(ReleaseState release) {
    region.rollingBack();
    AliasRef alias = release.aliasIn(region.region());
    List<String> ours = region.newVersion() == null ? List.of() : List.of(region.newVersion());
    return Async.function(ActivityStubs.undoAlias("Roll back " + alias + " to version " + region.rollbackVersion()
            + " if it is still where this release left it")::restoreAlias,
        new AliasRestoreRequest(alias, region.rollbackTarget(), release.releaseId, ours));
  }

  @Override
  void done(ReleaseState release, UndoResult result) {
    if (result.outcome() == UndoOutcome.DRIFTED) {
      region.drifted(versionIn(result.found()), "someone moved the alias after this release"
          + (region.newVersion() != null ? " left it on version " + region.newVersion() : "") + ": found "
          + result.found() + "; left alone for a person to decide");
    } else {
      region.rolledBack(result.outcome() == UndoOutcome.UNCHANGED
          ? "nothing to undo: the alias was still on version " + region.rollbackVersion() : null);
    }
    ended(result, region.detail());
  }

  @Override
  void failed(ReleaseState release, String why) {
    region.rollbackFailed("rollback to version " + region.rollbackVersion() + " failed: " + why);
    endedFailed(region.detail());
  }

  @Override
  String describe(ReleaseState release) {
    return release.aliasIn(region.region()) + " back to version " + region.rollbackVersion();
  }

  @Override
  String leftover(ReleaseState release) {
    return region.region() + ": " + release.aliasIn(region.region()) + " may still serve "
        + (region.newVersion() != null ? "version " + region.newVersion() : "this release's version") + "; "
        + region.detail();
  }

  @Override
  String drifted(ReleaseState release) {
    return region.region().code();
  }

  /** The version in what an undo found ({@code version 7 (weights ...)}); null when it found nothing. */
  private static String versionIn(String found) {
    if (found == null) {
      return null;
    }
    String f = found.startsWith("version ") ? found.substring("version ".length()) : found;
    int space = f.indexOf(' ');
    return space < 0 ? f : f.substring(0, space);
  }
}
