package dev.shepherd.cli;

import static dev.shepherd.cli.StatusTones.tone;
import static dev.shepherd.cli.StatusView.stopped;

import dev.shepherd.cli.StatusView.Rendering;
import dev.shepherd.cli.TextStyle.Tone;
import dev.shepherd.release.status.RegionState;
import dev.shepherd.release.status.RegionStatus;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.release.status.WaveStatus;

/**
 * The waves section of a status: each wave with its clock, each of its regions with the versions it went from and
 * to, and what was judged there (canary analysis, smoke-test hooks).
 */
final class StatusWaves {

  /** The width of a wave's name; the gates section lines its names up with it. */
  static final int WAVE_NAME = 16;
  private static final int STATE = 18;
  private static final int REGION = 15;
  private static final int REGION_STATE = 16;

  private StatusWaves() {}

  static void waves(ReleaseStatus s, Rendering r, StatusLines out) {
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
  private static void checks(RegionStatus region, TextStyle st, StatusLines out) {
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

  private static String v(String version) {
    return version == null ? "an unknown version" : "v" + version;
  }
}
