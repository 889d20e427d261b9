package dev.shepherd.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The figures the report states, from the times and sizes the sections measure. */
final class Figures {

  private Figures() {}

  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  static double percentile(List<Double> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  static String mb(long bytes) {
    return bytes <= 0 ? "?" : (bytes / (1024 * 1024)) + " MB";
  }
}
