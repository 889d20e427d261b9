package dev.shepherd.cli;

import dev.shepherd.release.AuditEntry;
import dev.shepherd.release.FlagState;
import dev.shepherd.release.FlagStatus;
import dev.shepherd.release.GateStatus;
import dev.shepherd.release.RegionState;
import dev.shepherd.release.RegionStatus;
import dev.shepherd.release.ReleasePhase;
import dev.shepherd.release.ReleaseStatus;
import dev.shepherd.release.UndoState;
import dev.shepherd.release.UndoStatus;
import dev.shepherd.release.WaveStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A release's status for people. */
final class StatusView {

  private StatusView() {}

  static String text(ReleaseStatus s, int auditLines) {
    return text(s, auditLines, List.of());
  }

  /** The status, with the steps Temporal is retrying (see {@link Retries}). */
  static String text(ReleaseStatus s, int auditLines, List<Retries.Retrying> retrying) {
    StringBuilder sb = new StringBuilder();
    sb.append(s.workflowId()).append("   ").append(s.application()).append(' ').append(s.version())
        .append("   started by ").append(s.initiator()).append('\n');
    sb.append("phase    ").append(s.phase()).append(" - ").append(s.activity()).append('\n');
    if (s.artifactLocation() != null) {
      sb.append("artifact ").append(s.artifactLocation());
      if (s.artifactSha256() != null) {
        sb.append("  sha256 ").append(s.artifactSha256());
      }
      sb.append('\n');
    }
    if (s.failure() != null) {
      sb.append("failure  ").append(s.failure()).append('\n');
    }
    if (s.pause() != null) {
      sb.append("paused   at ").append(s.pause().step()).append("; rolls back at ").append(s.pause().rollbackAt())
          .append(" unless retried (shepherd retry) or rolled back (shepherd rollback)\n");
    }
    List<UndoStatus> plan = plan(s);
    if (s.phase() == ReleasePhase.ROLLBACK_FAILED) {
      long left = plan.stream().filter(u -> isLeft(u.state())).count();
      long drifted = plan.stream().filter(u -> u.state() == UndoState.DRIFTED).count();
      sb.append("ACTION   the rollback did not complete");
      if (left > 0) {
        sb.append(": ").append(left).append(left == 1 ? " undo" : " undos").append(" left");
      }
      if (drifted > 0) {
        sb.append(left > 0 ? "; " : ": ").append(drifted).append(" DRIFTED (changed by someone since; rollback "
            + "leaves ").append(drifted == 1 ? "it" : "them").append(" alone)");
      }
      sb.append(" - see the rollback below.\n         Fix the cause, then\n")
          .append("           shepherd rollback ").append(s.workflowId())
          .append("               to retry the undos that are left, or\n")
          .append("           shepherd abandon ").append(s.workflowId())
          .append(" -m REASON     to close the release as it is (audited)\n");
    } else if (s.phase() == ReleasePhase.ABANDONED) {
      sb.append("closed   abandoned by an operator with undos left; what is left where is shown below\n");
    }
    for (Retries.Retrying r : retrying) {
      sb.append(r.describe()).append('\n');
    }
    sb.append("waves\n");
    for (WaveStatus w : s.waves()) {
      boolean first = true;
      for (RegionStatus r : w.regions()) {
        sb.append(String.format("  %-16s %-18s %-15s %-15s %s", first ? w.name() : "", first ? w.state() : "",
            r.region(), r.state(), versions(r)).stripTrailing()).append('\n');
        first = false;
      }
    }
    if (!s.gates().isEmpty()) {
      sb.append("gates\n");
      for (GateStatus g : s.gates()) {
        sb.append(String.format("  %-16s %-10s", g.name(), g.state()));
        if (g.decidedBy() != null) {
          sb.append(" by ").append(g.decidedBy());
        }
        if (g.comment() != null && !g.comment().isBlank()) {
          sb.append(" \"").append(g.comment()).append('"');
        }
        if (g.decidedAt() != null) {
          sb.append(" at ").append(g.decidedAt());
        }
        sb.append('\n');
      }
    }
    if (s.flag() != null) {
      sb.append("flag     ").append(flag(s.flag())).append('\n');
    }
    if (showsPlan(s.phase(), plan)) {
      sb.append("rollback (newest first, the order it runs)\n");
      for (int i = plan.size() - 1; i >= 0; i--) {
        UndoStatus u = plan.get(i);
        sb.append(String.format("  %-10s %s", u.state(), u.what()));
        if (u.detail() != null && !u.detail().isBlank()) {
          sb.append(" - ").append(u.detail());
        }
        sb.append('\n');
      }
    }
    List<AuditEntry> audit = s.audit();
    if (!audit.isEmpty() && auditLines > 0) {
      sb.append("audit\n");
      for (AuditEntry a : audit.subList(Math.max(0, audit.size() - auditLines), audit.size())) {
        sb.append("  ").append(a.at()).append("  ").append(a.actor()).append("  ").append(a.action());
        if (a.detail() != null && !a.detail().isBlank()) {
          sb.append("  ").append(a.detail());
        }
        sb.append('\n');
      }
    }
    return sb.toString().stripTrailing();
  }

  /** The status as scripts read it: the {@link ReleaseStatus} as it is, plus {@code retrying}. */
  static String json(ReleaseStatus s, List<Retries.Retrying> retrying) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("retrying", retrying);
    return Json.writeWith(s, extra);
  }

  private static String versions(RegionStatus r) {
    String text;
    if (r.state() == RegionState.DRIFTED) {
      text = "left on " + v(r.version()) + " by this release, found on " + v(r.foundVersion())
          + " - not rolled back, someone moved it (was " + v(r.previousVersion()) + " before the release)";
    } else if (r.state() == RegionState.SKIPPED) {
      text = "skipped: its wave stopped before this region began; not touched"
          + (r.previousVersion() != null ? " (on " + v(r.previousVersion()) + ")" : "");
    } else if (r.newVersion() == null) {
      text = r.previousVersion() == null ? "" : "v" + r.previousVersion();
    } else {
      text = "v" + r.version() + (r.weight() > 0 && r.weight() < 100 ? " (canary v" + r.newVersion() + " "
          + r.weight() + "%)" : "") + " (was v" + r.previousVersion() + ")";
    }
    if (r.detail() != null && !r.detail().isBlank()) {
      text = text + (text.isEmpty() ? "" : " - ") + r.detail();
    }
    return text;
  }

  private static String flag(FlagStatus f) {
    StringBuilder sb = new StringBuilder(f.target()).append("  ").append(f.state());
    if (f.previousValue() != null) {
      sb.append(" (was ").append(f.previousValue()).append(')');
    }
    if (f.state() == FlagState.DRIFTED) {
      sb.append(" - someone changed it after this release set it to ").append(f.value())
          .append("; not restored, left for a person");
    }
    return sb.toString();
  }

  private static String v(String version) {
    return version == null ? "an unknown version" : "v" + version;
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
