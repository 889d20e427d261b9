package dev.shepherd.cli;

import dev.shepherd.cli.TextStyle.Tone;
import dev.shepherd.release.status.AuditEntry;
import dev.shepherd.release.status.FlagState;
import dev.shepherd.release.status.FlagStatus;
import dev.shepherd.release.status.GateState;
import dev.shepherd.release.status.GateStatus;
import dev.shepherd.release.status.RegionState;
import dev.shepherd.release.status.RegionStatus;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.release.status.UndoState;
import dev.shepherd.release.status.UndoStatus;
import dev.shepherd.release.status.WaveState;
import dev.shepherd.release.status.WaveStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A release's status for people. */
final class StatusView {

  private static final int WAVE_NAME = 16;
  private static final int STATE = 18;
  private static final int REGION = 15;
  private static final int REGION_STATE = 16;

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
    Lines out = new Lines(r.style());
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

  private static void waves(ReleaseStatus s, Rendering r, Lines out) {
    TextStyle st = r.style();
    out.add("waves");
    for (WaveStatus w : s.waves()) {
      Tone waveTone = tone(w.state());
      out.add(("  " + st.mark(waveTone) + " " + TextStyle.pad(w.name(), WAVE_NAME) + " "
          + TextStyle.pad(st.paint(waveTone, w.state().name()), STATE) + " " + waveTiming(w, r)).stripTrailing());
      for (RegionStatus region : w.regions()) {
        Tone tone = tone(region.state());
        out.add(("      " + st.mark(tone) + " " + TextStyle.pad(region.region().code(), REGION) + " "
            + TextStyle.pad(st.paint(tone, region.state().name()), REGION_STATE) + " " + versions(region, s, st))
            .stripTrailing());
        checks(region, st, out);
      }
    }
  }

  /**
   * What was judged in a region: its latest canary analysis verdict with its reasons (and how many rounds it
   * took), and each smoke-test hook's answer.
   */
  private static void checks(RegionStatus region, TextStyle st, Lines out) {
    if (!region.analysis().isEmpty()) {
      var last = region.analysis().get(region.analysis().size() - 1);
      var v = last.verdict();
      Tone tone = switch (v.outcome()) {
        case PASS -> Tone.GOOD;
        case FAIL -> Tone.BAD;
        case INCONCLUSIVE -> Tone.WAITING;
      };
      int rounds = region.analysis().size();
      out.add("          analysis (" + last.phase().name().toLowerCase(java.util.Locale.ROOT) + "): "
          + st.paint(tone, v.outcome().name()) + " version " + v.canaryVersion() + " against " + v.baselineVersion()
          + ", " + v.canaryRequests() + " canary requests (" + v.minRequests() + " needed)"
          + (rounds > 1 ? ", verdict " + rounds + " of " + rounds : ""));
      for (String reason : v.reasons()) {
        out.add("            " + reason);
      }
      for (var signal : v.signals()) {
        String series = dev.shepherd.release.status.IntervalFigures.render(signal);
        if (!series.isEmpty()) {
          out.add("            " + signal.signal() + " " + series);
        }
      }
    }
    for (var hook : region.hooks()) {
      out.add("          hook " + (hook.passed() ? st.paint(Tone.GOOD, "passed") : st.paint(Tone.BAD, "FAILED")) + " "
          + hook.point().key() + " " + hook.function() + (hook.reason() == null || hook.reason().isBlank() ? ""
              : ": " + hook.reason()));
    }
  }

  /** A wave's clock: what is left of its wait, how long it has deployed, or how long it took. */
  private static String waveTiming(WaveStatus w, Rendering r) {
    return switch (w.state()) {
      case BAKING -> w.waitUntil() == null ? "" : "bake " + HumanTime.left(r.now(), w.waitUntil()) + " left"
          + (w.bake() != null ? " (of " + HumanTime.duration(w.bake()) + ")" : "");
      case WAITING_FOR_WINDOW -> w.waitUntil() == null ? "" : "window opens in " + HumanTime.left(r.now(), w.waitUntil())
          + " (at " + HumanTime.at(w.waitUntil(), r.now(), r.zone()) + ")";
      case DEPLOYING -> w.startedAt() == null ? "" : "deploying for " + HumanTime.between(w.startedAt(), r.now());
      case DONE -> w.startedAt() == null || w.endedAt() == null ? ""
          : "took " + HumanTime.between(w.startedAt(), w.endedAt());
      case AWAITING_APPROVAL -> "waits for approval";
      case PENDING -> w.bake() == null || w.bake().isZero() ? "" : "bake " + HumanTime.duration(w.bake());
      default -> "";
    };
  }

  private static void gates(ReleaseStatus s, Rendering r, Lines out) {
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

  /** What a region went from and to, in the release's words. */
  private static String versions(RegionStatus r, ReleaseStatus s, TextStyle st) {
    String arrow = " " + st.arrow() + " ";
    String text = switch (r.state()) {
      case DRIFTED -> "left on " + v(r.version()) + " by this release, found on " + v(r.foundVersion())
          + " - not rolled back, someone moved it (was " + v(r.previousVersion()) + " before the release)";
      case SKIPPED -> notTouched(r) + " (its wave stopped before this region began)";
      case PENDING -> stopped(s.phase()) ? notTouched(r) : "";
      case CAPTURED -> r.previousVersion() == null ? "" : "on " + v(r.previousVersion());
      case DEPLOYING, CANARY, DEPLOYED, FAILED -> {
        if (r.previousVersion() == null && r.newVersion() == null) {
          yield r.version() == null ? "" : "on " + v(r.version());
        }
        String to = r.newVersion() != null ? v(r.newVersion()) : "a new version";
        yield v(r.previousVersion()) + arrow + to
            + (r.state() == RegionState.CANARY && r.weight() > 0 && r.weight() < 100 ? " (canary " + r.weight() + "%)" : "");
      }
      case ROLLING_BACK -> (r.newVersion() != null ? "tried " + v(r.newVersion()) + ", " : "") + "going back to "
          + v(r.previousVersion());
      case ROLLED_BACK -> (r.newVersion() != null && !r.newVersion().equals(r.previousVersion())
          ? "tried " + v(r.newVersion()) + ", " : "") + "back on " + v(r.previousVersion());
      case ROLLBACK_FAILED -> "on " + v(r.version()) + ", not rolled back to " + v(r.previousVersion());
    };
    if (r.detail() != null && !r.detail().isBlank()) {
      text = text + (text.isEmpty() ? "" : " - ") + r.detail();
    }
    return text;
  }

  private static String notTouched(RegionStatus r) {
    return "not touched" + (r.previousVersion() != null ? ", still on " + v(r.previousVersion()) : "");
  }

  /** The flag's values before and after, and where it is. */
  private static String flag(FlagStatus f, ReleaseStatus s, Rendering r) {
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

  private static String v(String version) {
    return version == null ? "an unknown version" : "v" + version;
  }

  /** Workflow words with their instants made readable (see {@link HumanTime#inProse}). */
  private static String prose(String text, Rendering r) {
    return HumanTime.inProse(text, r.now(), r.zone());
  }

  /** Whether the release goes no further: what has not begun by now never will. */
  private static boolean stopped(ReleasePhase phase) {
    return phase.isFinal() || phase == ReleasePhase.ROLLING_BACK || phase == ReleasePhase.ROLLBACK_FAILED;
  }

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

  private static Tone tone(WaveState state) {
    return switch (state) {
      case PENDING, CANCELLED -> Tone.IDLE;
      case AWAITING_APPROVAL, WAITING_FOR_WINDOW -> Tone.WAITING;
      case DEPLOYING, BAKING, ROLLING_BACK -> Tone.ACTIVE;
      case DONE -> Tone.GOOD;
      case FAILED, ROLLBACK_FAILED -> Tone.BAD;
      case ROLLED_BACK -> Tone.UNDONE;
    };
  }

  private static Tone tone(RegionState state) {
    return switch (state) {
      case PENDING, SKIPPED -> Tone.IDLE;
      case CAPTURED, DEPLOYING, CANARY, ROLLING_BACK -> Tone.ACTIVE;
      case DEPLOYED -> Tone.GOOD;
      case FAILED, ROLLBACK_FAILED -> Tone.BAD;
      case ROLLED_BACK -> Tone.UNDONE;
      case DRIFTED -> Tone.ATTENTION;
    };
  }

  private static Tone tone(GateState state) {
    return switch (state) {
      case PENDING, CANCELLED -> Tone.IDLE;
      case WAITING -> Tone.WAITING;
      case APPROVED -> Tone.GOOD;
      case REJECTED, TIMED_OUT -> Tone.BAD;
    };
  }

  private static Tone tone(FlagState state) {
    return switch (state) {
      case PENDING, SKIPPED -> Tone.IDLE;
      case CAPTURED -> Tone.ACTIVE;
      case ON -> Tone.GOOD;
      case RESTORED -> Tone.UNDONE;
      case RESTORE_FAILED -> Tone.BAD;
      case DRIFTED -> Tone.ATTENTION;
    };
  }

  private static Tone tone(UndoState state) {
    return switch (state) {
      case REGISTERED -> Tone.IDLE;
      case RUNNING -> Tone.ACTIVE;
      case RESTORED, UNCHANGED -> Tone.GOOD;
      case DRIFTED -> Tone.ATTENTION;
      case FAILED -> Tone.BAD;
    };
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

  /** The lines of a status, each cut to the style's width unless it holds a command to copy. */
  private static final class Lines {
    private final TextStyle style;
    private final List<String> lines = new ArrayList<>();

    Lines(TextStyle style) {
      this.style = style;
    }

    void add(String line) {
      lines.add(style.fit(line.stripTrailing()));
    }

    /** A line that is never cut: it holds a command, an address or a link. */
    void whole(String line) {
      lines.add(line);
    }

    /** A line whose first {@code columns} (a command) are never cut; what follows may be. */
    void keeping(String line, int columns) {
      lines.add(style.fit(line.stripTrailing(), columns));
    }

    String text() {
      return String.join("\n", lines).stripTrailing();
    }
  }
}
