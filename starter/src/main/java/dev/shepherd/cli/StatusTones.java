package dev.shepherd.cli;

import dev.shepherd.cli.TextStyle.Tone;
import dev.shepherd.release.status.FlagState;
import dev.shepherd.release.status.GateState;
import dev.shepherd.release.status.RegionState;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.UndoState;
import dev.shepherd.release.status.WaveState;

/** The tone each state is shown in, so that a release, its waves, regions, gates, flag and undos read alike. */
final class StatusTones {

  private StatusTones() {}

  static Tone tone(ReleasePhase phase) {
    return switch (phase) {
      case RELEASED -> Tone.GOOD;
      case FAILED, ROLLBACK_FAILED, ABANDONED -> Tone.BAD;
      case ROLLED_BACK -> Tone.UNDONE;
      case AWAITING_APPROVAL, AWAITING_FLAG_APPROVAL, PAUSED -> Tone.WAITING;
      case QUEUED -> Tone.IDLE;
      default -> Tone.ACTIVE;
    };
  }

  static Tone tone(WaveState state) {
    return switch (state) {
      case PENDING, CANCELLED -> Tone.IDLE;
      case AWAITING_APPROVAL, WAITING_FOR_WINDOW -> Tone.WAITING;
      case DEPLOYING, BAKING, ROLLING_BACK -> Tone.ACTIVE;
      case DONE -> Tone.GOOD;
      case FAILED, ROLLBACK_FAILED -> Tone.BAD;
      case ROLLED_BACK -> Tone.UNDONE;
    };
  }

  static Tone tone(RegionState state) {
    return switch (state) {
      case PENDING, SKIPPED -> Tone.IDLE;
      case CAPTURED, DEPLOYING, CANARY, ROLLING_BACK -> Tone.ACTIVE;
      case DEPLOYED -> Tone.GOOD;
      case FAILED, ROLLBACK_FAILED -> Tone.BAD;
      case ROLLED_BACK -> Tone.UNDONE;
      case DRIFTED -> Tone.ATTENTION;
    };
  }

  static Tone tone(GateState state) {
    return switch (state) {
      case PENDING, CANCELLED -> Tone.IDLE;
      case WAITING -> Tone.WAITING;
      case APPROVED -> Tone.GOOD;
      case REJECTED, TIMED_OUT -> Tone.BAD;
    };
  }

  static Tone tone(FlagState state) {
    return switch (state) {
      case PENDING, SKIPPED -> Tone.IDLE;
      case CAPTURED -> Tone.ACTIVE;
      case ON -> Tone.GOOD;
      case RESTORED -> Tone.UNDONE;
      case RESTORE_FAILED -> Tone.BAD;
      case DRIFTED -> Tone.ATTENTION;
    };
  }

  static Tone tone(UndoState state) {
    return switch (state) {
      case REGISTERED -> Tone.IDLE;
      case RUNNING -> Tone.ACTIVE;
      case RESTORED, UNCHANGED -> Tone.GOOD;
      case DRIFTED -> Tone.ATTENTION;
      case FAILED -> Tone.BAD;
    };
  }
}
