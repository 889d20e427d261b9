package dev.shepherd.cli;

import static dev.shepherd.cli.StatusView.stopped;

import dev.shepherd.cli.StatusView.Rendering;
import dev.shepherd.release.status.FlagStatus;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;

/** The flag line of a status: its value before and after the release, and where it is now. */
final class StatusFlag {

  private StatusFlag() {}

  /** The flag's values before and after, and where it is. */
  static String flag(FlagStatus f, ReleaseStatus s, Rendering r) {
    String arrow = " " + r.style().arrow() + " ";
    String before = f.previousAbsent() ? "not set" : f.previousValue() == null ? "its value before" : value(f.previousValue());
    return switch (f.state()) {
      case PENDING -> stopped(s.phase()) ? "not touched" : "to be set to " + value(f.value());
      case SKIPPED -> "not touched";
      case CAPTURED -> before + arrow + value(f.value()) + " (being set)";
      case ON -> before + arrow + value(f.value()) + (s.phase() == ReleasePhase.FLAG_BAKE && f.bakeUntil() != null
          ? ", bake " + HumanTime.left(r.now(), f.bakeUntil()) + " left" : "");
      case RESTORED -> "tried " + value(f.value()) + ", back to " + before;
      case RESTORE_FAILED -> "tried " + value(f.value()) + ", not restored to " + before;
      case DRIFTED -> "someone changed it after this release set it to " + value(f.value()) + " (it was " + before
          + " before); not restored, left for a person";
    };
  }

  /** A flag value as it is, quoted only when it would not show: empty, or with spaces at its ends. */
  private static String value(String v) {
    if (v == null) {
      return "nothing";
    }
    return v.isEmpty() || !v.strip().equals(v) ? "\"" + v + "\"" : v;
  }
}
