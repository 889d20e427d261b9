package dev.shepherd.release.rollback;

import dev.shepherd.cloud.FlagRestore;
import dev.shepherd.cloud.UndoOutcome;
import dev.shepherd.cloud.UndoResult;
import dev.shepherd.release.story.ActivityStubs;
import dev.shepherd.release.story.FlagTracker;
import dev.shepherd.release.story.ReleaseState;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;

/** Puts the feature flag back to the value it had, if it still holds the value this release wrote. */
final class FlagUndo extends Undo {

  FlagUndo(int group) {
    super(group);
  }

  @Override
  Promise<UndoResult> start(ReleaseState release) {
    FlagTracker f = release.flag;
    return Async.function(ActivityStubs.undoFlag("Roll back: restore " + f.target() + " to " + f.previous()
            + " if it still holds \"" + f.spec().value() + "\"")::restoreFlag,
        new FlagRestore(f.target(), f.previous(), f.spec().value()));
  }

  @Override
  void done(ReleaseState release, UndoResult result) {
    FlagTracker f = release.flag;
    if (result.outcome() == UndoOutcome.DRIFTED) {
      f.drifted(result.found());
      ended(result, "someone changed the flag after this release set it: found " + result.found() + "; left alone");
    } else {
      f.restored(result.found());
      ended(result, result.outcome() == UndoOutcome.UNCHANGED ? "already " + f.previous() + ": nothing to undo" : null);
    }
  }

  @Override
  void failed(ReleaseState release, String why) {
    release.flag.restoreFailed();
    endedFailed("restoring " + release.flag.previous() + " failed: " + why);
  }

  @Override
  String describe(ReleaseState release) {
    return release.flag.target() + " back to " + release.flag.previous();
  }

  @Override
  String leftover(ReleaseState release) {
    return release.flag.target() + " may still be \"" + release.flag.spec().value() + "\" (" + detail() + ")";
  }

  @Override
  String drifted(ReleaseState release) {
    return release.flag.target().toString();
  }
}
