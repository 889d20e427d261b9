package dev.shepherd.release.status;

import dev.shepherd.analysis.SignalVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A signal's figures per interval, as people read them next to its verdict: the last {@value #SHOWN} intervals of
 * the canary and the baseline, e.g. {@code per interval (last 3 of 3): canary 0.1 0.2 0.1 | baseline 0.2 0.2 0.3}.
 * Every interval is in the JSON.
 */
public final class IntervalFigures {

  /** How many intervals are shown. */
  public static final int SHOWN = 10;

  private IntervalFigures() {}

  /** The line for a signal; empty when it has no figures per interval. */
  public static String render(SignalVerdict signal) {
    List<Double> canary = signal.canaryByInterval();
    List<Double> baseline = signal.baselineByInterval();
    int n = Math.max(canary.size(), baseline.size());
    if (n == 0) {
      return "";
    }
    boolean rate = signal.signal().startsWith("error rate");
    return "per interval (last " + Math.min(SHOWN, n) + " of " + n + "): canary " + last(canary, rate)
        + " | baseline " + last(baseline, rate);
  }

  private static String last(List<Double> series, boolean rate) {
    List<String> out = new ArrayList<>();
    for (int i = Math.max(0, series.size() - SHOWN); i < series.size(); i++) {
      Double v = series.get(i);
      out.add(v == null ? "-" : rate ? String.format(Locale.ROOT, "%.2f%%", v * 100) : String.format(Locale.ROOT, "%.4g", v));
    }
    return out.isEmpty() ? "-" : String.join(" ", out);
  }
}
