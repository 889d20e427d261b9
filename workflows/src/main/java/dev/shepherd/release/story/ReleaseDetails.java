package dev.shepherd.release.story;

import dev.shepherd.release.status.FlagState;
import dev.shepherd.release.status.HookRun;
import dev.shepherd.release.status.IntervalFigures;
import dev.shepherd.release.status.RegionAnalysis;
import dev.shepherd.release.status.RegionState;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.UndoStatus;

/** The release's current details for the Temporal Web UI, in markdown: what it does now, and where everything is. */
final class ReleaseDetails {

  private ReleaseDetails() {}

  /** E.g. {@code bob (ssh key `SHA256:...`)} or {@code bob **UNVERIFIED**}. */
  private static String proved(dev.shepherd.identity.VerifiedPrincipal who) {
    return who.verified() ? who.name() + " (" + who.method() + " `" + who.evidence() + "`)"
        : who.name() + " **UNVERIFIED**";
  }

  static String render(ReleaseState s) {
    StringBuilder sb = new StringBuilder();
    sb.append("**").append(s.phase()).append("**: ").append(s.activity()).append("\n\n");
    if (s.initiatorIdentity() != null) {
      sb.append("Started by ").append(proved(s.initiatorIdentity())).append(s.policy() != null
          ? " under release policy `" + s.policy().digest() + "`" : " (no release policy)").append("\n\n");
    }
    if (s.build() != null && s.build().artifactSha256() != null) {
      // The digest every region deploys: a person can compare it with the function's CodeSha256.
      sb.append("Artifact `").append(s.build().artifactLocation()).append("` sha256 `")
          .append(s.build().artifactSha256()).append("`\n\n");
    }
    for (WaveTracker w : s.waves) {
      sb.append("- wave `").append(w.spec().name()).append("` ").append(w.state());
      if (w.waitUntil() != null) {
        sb.append(" until ").append(w.waitUntil());
      }
      sb.append(": ");
      for (int i = 0; i < w.regions().size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(region(w.regions().get(i)));
      }
      sb.append('\n');
    }
    checks(s, sb);
    for (GateTracker g : s.gates.values()) {
      sb.append("- gate `").append(g.name()).append("` ").append(g.state());
      if (g.decidedBy() != null) {
        sb.append(" by ").append(g.decider() != null ? proved(g.decider()) : g.decidedBy());
      }
      sb.append('\n');
    }
    if (s.flag != null) {
      sb.append("- flag ").append(s.flag.target()).append(' ').append(s.flag.state());
      if (s.flag.state() == FlagState.DRIFTED) {
        sb.append(" (found ").append(s.flag.found()).append(", left alone)");
      }
      sb.append('\n');
    }
    var plan = s.plan.toStatus();
    if (s.phase() == ReleasePhase.ROLLING_BACK || s.phase() == ReleasePhase.ROLLBACK_FAILED
        || s.phase() == ReleasePhase.ABANDONED) {
      sb.append("\nRollback plan, newest first:\n");
      for (int i = plan.size() - 1; i >= 0; i--) {
        UndoStatus u = plan.get(i);
        sb.append("- ").append(u.what()).append(": ").append(u.state());
        if (u.detail() != null) {
          sb.append(" (").append(u.detail()).append(')');
        }
        sb.append('\n');
      }
    }
    if (s.phase() == ReleasePhase.ROLLBACK_FAILED) {
      sb.append("\nA person must act: fix the cause, then `shepherd rollback ").append(s.releaseId)
          .append("` to retry what is left, or `shepherd abandon ").append(s.releaseId).append(" -m REASON`.\n");
    }
    return sb.toString();
  }

  /** Each region's latest canary analysis verdict, its figures per signal, and its hooks' answers. */
  private static void checks(ReleaseState s, StringBuilder sb) {
    boolean any = false;
    for (WaveTracker w : s.waves) {
      for (RegionTracker r : w.regions()) {
        if (r.analysis().isEmpty() && r.hooks().isEmpty()) {
          continue;
        }
        if (!any) {
          sb.append("\nChecks:\n\n");
          any = true;
        }
        if (!r.analysis().isEmpty()) {
          RegionAnalysis last = r.analysis().get(r.analysis().size() - 1);
          var v = last.verdict();
          sb.append("- ").append(r.region().code()).append(" analysis (").append(last.phase().name().toLowerCase(
              java.util.Locale.ROOT)).append("): **").append(v.outcome()).append("** v").append(v.canaryVersion())
              .append(" against v").append(v.baselineVersion()).append(", ").append(v.canaryRequests())
              .append(" canary / ").append(v.baselineRequests()).append(" baseline requests\n");
          for (var signal : v.signals()) {
            sb.append("  - ").append(signal.outcome()).append(": ").append(signal.reason()).append('\n');
            String series = IntervalFigures.render(signal);
            if (!series.isEmpty()) {
              sb.append("    ").append(series).append('\n');
            }
          }
        }
        for (HookRun h : r.hooks()) {
          sb.append("- ").append(r.region().code()).append(" hook ").append(h.summary()).append('\n');
        }
      }
    }
    if (any) {
      sb.append('\n');
    }
  }

  private static String region(RegionTracker r) {
    StringBuilder sb = new StringBuilder(r.region().code()).append(' ').append(r.state());
    if (r.state() == RegionState.DRIFTED) {
      sb.append(" (this release left v").append(r.newVersion()).append(", found v").append(r.foundVersion())
          .append("; left alone)");
      return sb.toString();
    }
    if (r.rollbackVersion() != null && r.newVersion() != null) {
      sb.append(" v").append(r.rollbackVersion()).append(" → v").append(r.newVersion());
      if (r.state() == RegionState.DEPLOYED) {
        sb.append(' ').append(r.weight()).append('%');
      }
    } else if (r.rollbackVersion() != null) {
      sb.append(" (on v").append(r.rollbackVersion()).append(')');
    }
    return sb.toString();
  }
}
