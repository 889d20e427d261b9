package dev.shepherd.cli;

import static dev.shepherd.cli.StatusFlag.flag;
import static dev.shepherd.cli.StatusGates.gates;
import static dev.shepherd.cli.StatusTones.tone;
import static dev.shepherd.cli.StatusWaves.waves;

import dev.shepherd.cli.TextStyle.Tone;
import dev.shepherd.release.status.AuditEntry;
import dev.shepherd.release.status.FlagStatus;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.release.status.UndoState;
import dev.shepherd.release.status.UndoStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A release's status for people. The release's own lines, its rollback plan and audit are here; the waves, gates
 * and flag sections are {@link StatusWaves}, {@link StatusGates} and {@link StatusFlag}, in the tones of {@link
 * StatusTones}.
 */
final class StatusView {

  private StatusView() {}

  /**
   * How a status is shown.
   *
   * @param style colour, symbols and width
   * @param now what countdowns and elapsed times count from
   * @param zone the zone times are shown in
   * @param commands how a person acts on the release from here: a waiting gate shows its approve command
   * @param header lines shown right under the release's own line, e.g. the server and the Web UI link
   */
  record Rendering(TextStyle style, Instant now, ZoneId zone, OperatorCommands commands, List<String> header) {

    Rendering {
      header = List.copyOf(header);
    }

    /** The command's style and clock. */
    static Rendering of(Context context, TextStyle style, OperatorCommands commands) {
      Clock clock = context.clock();
      return new Rendering(style, clock.instant(), clock.getZone(), commands, List.of());
    }

    /** Plain text, in UTC, at the given time: for tests of the words. */
    static Rendering plain(Instant now) {
      return new Rendering(TextStyle.PLAIN, now, ZoneOffset.UTC, OperatorCommands.DEFAULT, List.of());
    }

    Rendering withHeader(List<String> lines) {
      return new Rendering(style, now, zone, commands, lines);
    }
  }

  static String text(ReleaseStatus s, int auditLines) {
    return text(s, auditLines, List.of());
  }

  /** The status, with the steps Temporal is retrying (see {@link Retries}). */
  static String text(ReleaseStatus s, int auditLines, List<Retries.Retrying> retrying) {
    return text(s, auditLines, retrying, Rendering.plain(Instant.now()));
  }

  /** The status as {@code r} says: styled, with countdowns from {@code r.now()}. */
  static String text(ReleaseStatus s, int auditLines, List<Retries.Retrying> retrying, Rendering r) {
    StatusLines out = new StatusLines(r.style());
    TextStyle st = r.style();
    out.add(st.bold(s.workflowId()) + "   " + s.application() + ' ' + s.version() + "   started by " + s.initiator()
        + proved(s.initiatorIdentity(), st));
    // The server and the Web UI link: an address or a link cut short is no use.
    r.header().forEach(out::whole);
    out.add("phase    " + st.paint(tone(s.phase()), String.valueOf(s.phase())) + " - "
        + prose(s.activity(), r));
    if (s.startedAt() != null) {
      out.add("started  " + HumanTime.full(s.startedAt(), r.zone()) + ", " + elapsed(s, r));
    }
    if (s.artifactLocation() != null) {
      out.add("artifact " + s.artifactLocation()
          + (s.artifactSha256() != null ? "  sha256 " + s.artifactSha256() : ""));
    }
    if (s.failure() != null) {
      out.add("failure  " + st.red(prose(s.failure(), r)));
    }
    if (s.pause() != null) {
      String rollsBack = s.pause().rollbackAt() == null ? "rolls back later"
          : s.pause().rollbackAt().isAfter(r.now())
              ? "rolls back in " + HumanTime.left(r.now(), s.pause().rollbackAt()) + " (at "
                  + HumanTime.at(s.pause().rollbackAt(), r.now(), r.zone()) + ")"
              : "rolls back now";
      out.add("paused   " + st.paint(Tone.WAITING, "at " + s.pause().step()) + "; " + rollsBack
          + " unless retried (shepherd retry) or rolled back (shepherd rollback)");
    }
    List<UndoStatus> plan = plan(s);
    if (s.phase() == ReleasePhase.ROLLBACK_FAILED) {
      long left = plan.stream().filter(u -> isLeft(u.state())).count();
      long drifted = plan.stream().filter(u -> u.state() == UndoState.DRIFTED).count();
      StringBuilder action = new StringBuilder(st.red("ACTION") + "   the rollback did not complete");
      if (left > 0) {
        action.append(": ").append(left).append(left == 1 ? " undo" : " undos").append(" left");
      }
      if (drifted > 0) {
        action.append(left > 0 ? "; " : ": ").append(drifted).append(" DRIFTED (changed by someone since; rollback "
            + "leaves ").append(drifted == 1 ? "it" : "them").append(" alone)");
      }
      out.add(action.append(" - see the rollback below.").toString());
      out.add("         Fix the cause, then");
      String rollback = "           shepherd rollback " + s.workflowId();
      out.keeping(rollback + "               to retry the undos that are left, or", rollback.length());
      String abandon = "           shepherd abandon " + s.workflowId() + " -m REASON";
      out.keeping(abandon + "     to close the release as it is (audited)", abandon.length());
    } else if (s.phase() == ReleasePhase.ABANDONED) {
      out.add("closed   abandoned by an operator with undos left; what is left where is shown below");
    }
    for (Retries.Retrying retry : retrying) {
      out.add(prose(retry.describe(), r));
    }
    waves(s, r, out);
    gates(s, r, out);
    if (s.flag() != null) {
      FlagStatus f = s.flag();
      out.add("flag     " + st.mark(tone(f.state())) + " " + f.target() + "  "
          + st.paint(tone(f.state()), f.state().name()) + "  " + flag(f, s, r));
    }
    if (showsPlan(s.phase(), plan)) {
      out.add("rollback (newest first, the order it runs)");
      for (int i = plan.size() - 1; i >= 0; i--) {
        UndoStatus u = plan.get(i);
        Tone tone = tone(u.state());
        out.add("  " + st.mark(tone) + " " + TextStyle.pad(st.paint(tone, u.state().name()), 10) + " " + u.what()
            + (u.detail() != null && !u.detail().isBlank() ? " - " + u.detail() : ""));
      }
    }
    List<AuditEntry> audit = s.audit();
    if (!audit.isEmpty() && auditLines > 0) {
      out.add("audit");
      for (AuditEntry a : audit.subList(Math.max(0, audit.size() - auditLines), audit.size())) {
        out.add("  " + st.dim(HumanTime.at(a.at(), r.now(), r.zone())) + "  " + a.actor()
            + (a.identity() == null ? "" : " " + st.dim("(" + a.identity() + ")")) + "  " + a.action()
            + (a.detail() != null && !a.detail().isBlank() ? "  " + a.detail() : ""));
      }
    }
    return out.text();
  }

  /** How a person was verified, e.g. {@code  (ssh key SHA256:...)}, or {@code  (UNVERIFIED)}; empty when unknown. */
  static String proved(dev.shepherd.identity.VerifiedPrincipal who, TextStyle st) {
    if (who == null) {
      return "";
    }
    return who.verified() ? " " + st.dim("(" + who.method() + " " + who.evidence() + ")")
        : " " + st.paint(Tone.ATTENTION, "(UNVERIFIED)");
  }

  /** The status as scripts read it: the {@link ReleaseStatus} as it is, plus {@code retrying}. */
  static String json(ReleaseStatus s, List<Retries.Retrying> retrying) {
    return json(s, retrying, Map.of());
  }

  /** As {@link #json(ReleaseStatus, List)}, with more fields after {@code retrying} (e.g. {@code webUi}). */
  static String json(ReleaseStatus s, List<Retries.Retrying> retrying, Map<String, ?> more) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("retrying", retrying);
    extra.putAll(more);
    return Json.writeWith(s, extra);
  }

  /** How long the release has run, or took once it ended. */
  private static String elapsed(ReleaseStatus s, Rendering r) {
    if (s.phase().isFinal() && s.updatedAt() != null) {
      return "took " + HumanTime.between(s.startedAt(), s.updatedAt()) + " (ended "
          + HumanTime.at(s.updatedAt(), r.now(), r.zone()) + ")";
    }
    String running = HumanTime.between(s.startedAt(), r.now());
    return s.phase() == ReleasePhase.ROLLBACK_FAILED ? "open for " + running : "running for " + running;
  }

  /** Workflow words with their instants made readable (see {@link HumanTime#inProse}). */
  private static String prose(String text, Rendering r) {
    return HumanTime.inProse(text, r.now(), r.zone());
  }

  /** Whether the release goes no further: what has not begun by now never will. */
  static boolean stopped(ReleasePhase phase) {
    return phase.isFinal() || phase == ReleasePhase.ROLLING_BACK || phase == ReleasePhase.ROLLBACK_FAILED;
  }

  private static List<UndoStatus> plan(ReleaseStatus s) {
    return s.rollbackPlan() == null ? List.of() : s.rollbackPlan();
  }

  /** The rollback plan is shown once the release rolls back (or an undo ran), not while it only grows. */
  private static boolean showsPlan(ReleasePhase phase, List<UndoStatus> plan) {
    if (plan.isEmpty()) {
      return false;
    }
    return phase == ReleasePhase.ROLLING_BACK || phase == ReleasePhase.ROLLED_BACK
        || phase == ReleasePhase.ROLLBACK_FAILED || phase == ReleasePhase.ABANDONED
        || plan.stream().anyMatch(u -> u.state() != UndoState.REGISTERED);
  }

  /** An undo a retried rollback would still run. */
  private static boolean isLeft(UndoState state) {
    return state == UndoState.FAILED || state == UndoState.REGISTERED || state == UndoState.RUNNING;
  }

  /** Whether watching should stop: the release ended, or its rollback did not complete and waits for a person. */
  static boolean stopsWatch(ReleasePhase phase) {
    return phase.isFinal() || phase == ReleasePhase.ROLLBACK_FAILED;
  }

  /** The exit code a release's phase stands for. */
  static int exitCode(ReleasePhase phase) {
    return switch (phase) {
      case FAILED, ROLLED_BACK, ROLLBACK_FAILED, ABANDONED -> ExitCodes.RELEASE_FAILED;
      default -> ExitCodes.OK;
    };
  }
}
