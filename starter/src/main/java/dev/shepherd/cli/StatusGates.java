package dev.shepherd.cli;

import static dev.shepherd.cli.StatusTones.tone;
import static dev.shepherd.cli.StatusView.proved;
import static dev.shepherd.cli.StatusView.stopped;
import static dev.shepherd.cli.StatusWaves.WAVE_NAME;

import dev.shepherd.cli.StatusView.Rendering;
import dev.shepherd.cli.TextStyle.Tone;
import dev.shepherd.release.status.GateState;
import dev.shepherd.release.status.GateStatus;
import dev.shepherd.release.status.ReleaseStatus;

/**
 * The gates section of a status: who decided each gate and when, how long a waiting one has waited, and the
 * command that approves it.
 */
final class StatusGates {

  private StatusGates() {}

  static void gates(ReleaseStatus s, Rendering r, StatusLines out) {
    if (s.gates().isEmpty()) {
      return;
    }
    TextStyle st = r.style();
    out.add("gates");
    for (GateStatus g : s.gates()) {
      Tone tone = tone(g.state());
      StringBuilder row = new StringBuilder("  ").append(st.mark(tone)).append(' ')
          .append(TextStyle.pad(g.name(), WAVE_NAME)).append(' ')
          .append(TextStyle.pad(st.paint(tone, g.state().name()), 10));
      if (g.decidedBy() != null) {
        row.append(" by ").append(g.decidedBy()).append(proved(g.decider(), st));
      }
      if (g.comment() != null && !g.comment().isBlank()) {
        row.append(" \"").append(g.comment()).append('"');
      }
      if (g.state() == GateState.WAITING) {
        if (g.waitingSince() != null) {
          row.append(" waiting ").append(HumanTime.between(g.waitingSince(), r.now()));
        }
        if (g.timeoutAt() != null) {
          row.append(g.waitingSince() != null ? "; " : " ").append("rejects in ")
              .append(HumanTime.left(r.now(), g.timeoutAt()));
        }
      } else if (g.state() == GateState.PENDING && stopped(s.phase())) {
        row.append(" not reached");
      } else if (g.decidedAt() != null) {
        row.append(" at ").append(HumanTime.at(g.decidedAt(), r.now(), r.zone()));
        if (g.waitingSince() != null) {
          row.append(" after ").append(HumanTime.between(g.waitingSince(), g.decidedAt()));
        }
      }
      out.add(row.toString());
      if (g.state() == GateState.WAITING && !stopped(s.phase())) {
        // Never cut: a command with its end cut off would do something else, or nothing.
        out.whole("      " + st.paint(Tone.WAITING, "approve:") + " " + r.commands().approve(s, g));
      }
    }
  }
}
