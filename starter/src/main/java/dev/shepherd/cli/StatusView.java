package dev.shepherd.cli;

import dev.shepherd.release.AuditEntry;
import dev.shepherd.release.GateStatus;
import dev.shepherd.release.RegionStatus;
import dev.shepherd.release.ReleasePhase;
import dev.shepherd.release.ReleaseStatus;
import dev.shepherd.release.WaveStatus;
import java.util.List;

/** A release's status for people. */
final class StatusView {

  private StatusView() {}

  static String text(ReleaseStatus s, int auditLines) {
    StringBuilder sb = new StringBuilder();
    sb.append(s.workflowId()).append("   ").append(s.application()).append(' ').append(s.version())
        .append("   started by ").append(s.initiator()).append('\n');
    sb.append("phase    ").append(s.phase()).append(" - ").append(s.activity()).append('\n');
    if (s.failure() != null) {
      sb.append("failure  ").append(s.failure()).append('\n');
    }
    if (s.pause() != null) {
      sb.append("paused   at ").append(s.pause().step()).append("; rolls back at ").append(s.pause().rollbackAt())
          .append(" unless retried (shepherd retry) or rolled back (shepherd rollback)\n");
    }
    sb.append("waves\n");
    for (WaveStatus w : s.waves()) {
      boolean first = true;
      for (RegionStatus r : w.regions()) {
        sb.append(String.format("  %-16s %-18s %-15s %-15s %s%n", first ? w.name() : "", first ? w.state() : "",
            r.region(), r.state(), versions(r)));
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
      sb.append("flag     ").append(s.flag().target()).append("  ").append(s.flag().state());
      if (s.flag().previousValue() != null) {
        sb.append(" (was ").append(s.flag().previousValue()).append(')');
      }
      sb.append('\n');
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

  private static String versions(RegionStatus r) {
    if (r.newVersion() == null) {
      return r.previousVersion() == null ? "" : "v" + r.previousVersion();
    }
    return "v" + r.version() + (r.weight() > 0 && r.weight() < 100 ? " (canary v" + r.newVersion() + " "
        + r.weight() + "%)" : "") + " (was v" + r.previousVersion() + ")";
  }

  /** The exit code a release's phase stands for. */
  static int exitCode(ReleasePhase phase) {
    return switch (phase) {
      case FAILED, ROLLED_BACK, ROLLBACK_FAILED -> ExitCodes.RELEASE_FAILED;
      default -> ExitCodes.OK;
    };
  }
}
