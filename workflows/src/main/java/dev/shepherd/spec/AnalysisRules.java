package dev.shepherd.spec;

import static dev.shepherd.spec.FieldRules.atMost;
import static dev.shepherd.spec.FieldRules.blank;
import static dev.shepherd.spec.SpecValidator.MAX_ANALYSIS_EXTENSIONS;
import static dev.shepherd.spec.SpecValidator.MAX_ANALYSIS_INTERVAL;
import static dev.shepherd.spec.SpecValidator.MAX_ANALYSIS_INTERVALS;
import static dev.shepherd.spec.SpecValidator.MAX_ANALYSIS_SIGNALS;
import static dev.shepherd.spec.SpecValidator.METRIC_PLACEHOLDERS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of a canary analysis ({@code analysis} and {@code waves[i].analysis}): its interval and bounds, and
 * each signal with its thresholds and metric queries. Part of {@link SpecValidator}, which decides the order in
 * which problems are reported; stateless, as it runs in workflow code.
 */
final class AnalysisRules {

  /** A metric-math id, as CloudWatch takes it. */
  private static final Pattern METRIC_ID = Pattern.compile("[a-z][a-zA-Z0-9_]{0,254}");
  /** Placeholders in dimension values and expressions: {@code ${version}} and its like. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
  /** CloudWatch's statistics and the extended statistics Shepherd passes on. */
  private static final Pattern STATISTIC = Pattern.compile(
      "Sum|Average|Minimum|Maximum|SampleCount|IQM|(?:p|tm|wm|tc|ts)(?:100|\\d{1,2})(?:\\.\\d+)?");

  private AnalysisRules() {}

  static void analysis(List<SpecProblem> out, String path, AnalysisSpec analysis, DeploySpec deploy) {
    if (analysis == null) {
      return;
    }
    Duration interval = analysis.interval();
    if (!AnalysisSpec.isCloudWatchPeriod(interval)) {
      out.add(new SpecProblem(path + ".interval", Durations.format(interval)
          + " is not a CloudWatch period: 1s, 5s, 10s, 30s or a whole number of minutes"
          + " (Lambda's own metrics are per minute)"));
    }
    atMost(out, path + ".interval", interval, MAX_ANALYSIS_INTERVAL);
    if (analysis.minRequests() < 0) {
      out.add(new SpecProblem(path + ".minRequests", analysis.minRequests() + " is negative; give 0 for no minimum"));
    }
    if (analysis.maxExtensions() < 0 || analysis.maxExtensions() > MAX_ANALYSIS_EXTENSIONS) {
      out.add(new SpecProblem(path + ".maxExtensions", analysis.maxExtensions() + " is outside 0.."
          + MAX_ANALYSIS_EXTENSIONS));
    }
    if (analysis.during().size() != new HashSet<>(analysis.during()).size()) {
      out.add(new SpecProblem(path + ".during", "names a phase twice"));
    }
    if (analysis.judges(AnalysisPhase.CANARY) && deploy != null && deploy.lambda() != null
        && deploy.canary() == null) {
      out.add(new SpecProblem(path + ".during", "judges the canary, but deploy.canary is not set: add a canary"
          + " (weight and duration), or judge during: [bake] only"));
    }
    if (analysis.signals().isEmpty()) {
      out.add(new SpecProblem(path + ".signals", "must list at least one signal (errorRate, latency or metric)"));
    } else if (analysis.signals().size() > MAX_ANALYSIS_SIGNALS) {
      out.add(new SpecProblem(path + ".signals", "lists " + analysis.signals().size() + " signals; at most "
          + MAX_ANALYSIS_SIGNALS));
    }
    Map<String, String> keys = new HashMap<>();
    for (int i = 0; i < analysis.signals().size(); i++) {
      String spath = path + ".signals[" + i + "]";
      AnalysisSignal signal = analysis.signals().get(i);
      if (signal == null) {
        out.add(new SpecProblem(spath, "is empty"));
        continue;
      }
      int set = (signal.errorRate() != null ? 1 : 0) + (signal.latency() != null ? 1 : 0)
          + (signal.metric() != null ? 1 : 0);
      if (set != 1) {
        out.add(new SpecProblem(spath, set == 0 ? "names no signal; give one of errorRate, latency or metric"
            : "names " + set + " signals; give each its own list item"));
        continue;
      }
      String earlier = keys.putIfAbsent(signal.key(), spath);
      if (earlier != null) {
        out.add(new SpecProblem(spath, "\"" + signal.key() + "\" is already judged at " + earlier
            + (signal.metric() != null ? "; give one of them a label" : "")));
      }
      if (signal.errorRate() != null) {
        errorRate(out, spath + ".errorRate", signal.errorRate());
      } else if (signal.latency() != null) {
        latency(out, spath + ".latency", signal.latency());
      } else {
        metric(out, spath + ".metric", signal.metric());
      }
    }
  }

  /**
   * Bounds the intervals one verdict judges (its window grows with each extension), so that a verdict with its
   * figures per interval stays well inside what a Temporal payload may hold.
   */
  static void intervalsPerWindow(List<SpecProblem> out, String path, AnalysisSpec analysis, DeploySpec deploy,
      List<Duration> bakes) {
    if (!AnalysisSpec.isCloudWatchPeriod(analysis.interval()) || analysis.maxExtensions() < 0) {
      return;
    }
    List<Duration> windows = new ArrayList<>();
    if (analysis.judges(AnalysisPhase.CANARY) && deploy != null && deploy.canary() != null
        && deploy.canary().duration() != null) {
      windows.add(deploy.canary().duration());
    }
    if (analysis.judges(AnalysisPhase.BAKE)) {
      bakes.stream().filter(b -> b != null).forEach(windows::add);
    }
    for (Duration window : windows) {
      long intervals = window.multipliedBy(1L + analysis.maxExtensions()).toMillis() / analysis.interval().toMillis();
      if (intervals > MAX_ANALYSIS_INTERVALS) {
        out.add(new SpecProblem(path + ".interval", Durations.format(analysis.interval()) + " cuts a window of "
            + Durations.format(window.multipliedBy(1L + analysis.maxExtensions())) + " (" + Durations.format(window)
            + " and " + analysis.maxExtensions() + " extensions) into " + intervals + " intervals; at most "
            + MAX_ANALYSIS_INTERVALS + ": give a longer interval"));
        return;
      }
    }
  }

  private static void errorRate(List<SpecProblem> out, String path, ErrorRateSignal s) {
    between(out, path + ".maxIncrease", s.maxIncrease(), 0, true, 1, true, "a fraction: 0.01 is one percentage point");
    between(out, path + ".maxAbsolute", s.maxAbsolute(), 0, false, 1, true, "a fraction: 0.05 is 5%");
    confidence(out, path, s.confidence());
  }

  private static void latency(List<SpecProblem> out, String path, LatencySignal s) {
    between(out, path + ".percentile", s.percentile(), 0, false, 100, false, "e.g. 50, 99 or 99.9");
    atLeastOne(out, path + ".maxIncreaseRatio", s.maxIncreaseRatio());
    if (s.maxAbsolute() != null && (s.maxAbsolute().isZero() || s.maxAbsolute().isNegative())) {
      out.add(new SpecProblem(path + ".maxAbsolute", Durations.format(s.maxAbsolute()) + " must be more than zero"));
    }
    confidence(out, path, s.confidence());
  }

  private static void metric(List<SpecProblem> out, String path, MetricSignal s) {
    boolean single = s.namespace() != null || s.name() != null || !s.dimensions().isEmpty();
    if (s.isExpression() && single) {
      out.add(new SpecProblem(path, "gives both a metric (namespace, name, dimensions) and an expression; a signal"
          + " is one or the other, and an expression names its metrics under metrics"));
    } else if (s.isExpression()) {
      if (blank(s.expression())) {
        out.add(new SpecProblem(path + ".expression", "must not be empty"));
      }
      if (s.metrics().isEmpty()) {
        out.add(new SpecProblem(path + ".metrics", "must name the metrics the expression uses, by id"));
      }
      for (var e : s.metrics().entrySet()) {
        String mpath = path + ".metrics." + e.getKey();
        if (!METRIC_ID.matcher(e.getKey()).matches()) {
          out.add(new SpecProblem(mpath, "\"" + e.getKey() + "\" is not a metric id: a lower-case letter, then"
              + " letters, digits or _"));
        } else if (e.getKey().startsWith("sh_")) {
          out.add(new SpecProblem(mpath, "ids starting with sh_ are Shepherd's own; name it otherwise"));
        }
        if (e.getValue() == null) {
          out.add(new SpecProblem(mpath, "is empty"));
        } else {
          query(out, mpath, e.getValue());
        }
      }
      placeholders(out, path + ".expression", s.expression());
    } else {
      query(out, path, s.metric());
      if (s.metrics() != null && !s.metrics().isEmpty()) {
        out.add(new SpecProblem(path + ".metrics", "is for an expression; give expression too, or leave metrics out"));
      }
    }
    if (!mentionsVersion(s)) {
      out.add(new SpecProblem(path, "reads the same series for the baseline and the canary: put ${version} in a"
          + " dimension value (e.g. Version: ${version})" + (s.isExpression() ? " or in the expression" : "")));
    }
    if (s.lowerIsBetter()) {
      for (String key : new String[] {"maxDecrease", "minRatio", "minAbsolute"}) {
        if (thresholdOf(s, key) != null) {
          out.add(new SpecProblem(path + "." + key, "is for direction: higher-is-better; with lower-is-better give"
              + " maxIncrease, maxIncreaseRatio or maxAbsolute"));
        }
      }
      between(out, path + ".maxIncrease", s.maxIncrease(), 0, true, Double.MAX_VALUE, true, "zero or more");
      atLeastOne(out, path + ".maxIncreaseRatio", s.maxIncreaseRatio());
    } else {
      for (String key : new String[] {"maxIncrease", "maxIncreaseRatio", "maxAbsolute"}) {
        if (thresholdOf(s, key) != null) {
          out.add(new SpecProblem(path + "." + key, "is for direction: lower-is-better; with higher-is-better give"
              + " maxDecrease, minRatio or minAbsolute"));
        }
      }
      between(out, path + ".maxDecrease", s.maxDecrease(), 0, true, Double.MAX_VALUE, true, "zero or more");
      between(out, path + ".minRatio", s.minRatio(), 0, false, 1, true, "a share of the baseline: 0.8 allows 20% less");
    }
    confidence(out, path, s.confidence());
  }

  private static Double thresholdOf(MetricSignal s, String key) {
    return switch (key) {
      case "maxIncrease" -> s.maxIncrease();
      case "maxIncreaseRatio" -> s.maxIncreaseRatio();
      case "maxAbsolute" -> s.maxAbsolute();
      case "maxDecrease" -> s.maxDecrease();
      case "minRatio" -> s.minRatio();
      default -> s.minAbsolute();
    };
  }

  private static void query(List<SpecProblem> out, String path, MetricQuery q) {
    if (blank(q.namespace())) {
      out.add(new SpecProblem(path + ".namespace", "is required"));
    }
    if (blank(q.name())) {
      out.add(new SpecProblem(path + ".name", "is required"));
    }
    if (q.statistic() != null && !STATISTIC.matcher(q.statistic()).matches()) {
      out.add(new SpecProblem(path + ".statistic", "\"" + q.statistic() + "\" is not a CloudWatch statistic; use Sum,"
          + " Average, Minimum, Maximum, SampleCount or a percentile such as p99"));
    }
    if (q.dimensions().size() > 30) {
      out.add(new SpecProblem(path + ".dimensions", "has " + q.dimensions().size() + " dimensions; CloudWatch allows 30"));
    }
    for (var d : q.dimensions().entrySet()) {
      if (blank(d.getValue())) {
        out.add(new SpecProblem(path + ".dimensions." + d.getKey(), "must not be empty"));
      } else {
        placeholders(out, path + ".dimensions." + d.getKey(), d.getValue());
      }
    }
  }

  private static void placeholders(List<SpecProblem> out, String path, String text) {
    if (text == null) {
      return;
    }
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (!METRIC_PLACEHOLDERS.contains(m.group(1))) {
        out.add(new SpecProblem(path, "${" + m.group(1) + "} is not a placeholder; use ${version}, ${function},"
            + " ${alias} or ${region}"));
      }
    }
  }

  private static boolean mentionsVersion(MetricSignal s) {
    String token = "${version}";
    if (s.isExpression()) {
      return (s.expression() != null && s.expression().contains(token)) || s.metrics().values().stream()
          .filter(q -> q != null).anyMatch(q -> q.dimensions().values().stream().anyMatch(v -> v != null && v.contains(token)));
    }
    return s.dimensions().values().stream().anyMatch(v -> v != null && v.contains(token));
  }

  private static void confidence(List<SpecProblem> out, String path, Double confidence) {
    if (confidence != null && (confidence < 0.5 || confidence >= 1)) {
      out.add(new SpecProblem(path + ".confidence", number(confidence) + " is outside 0.5 to 1 (1 excluded);"
          + " e.g. 0.95"));
    }
  }

  private static void atLeastOne(List<SpecProblem> out, String path, Double ratio) {
    if (ratio != null && ratio < 1) {
      out.add(new SpecProblem(path, number(ratio) + " is below 1; a ratio of 1.2 lets the canary be 20% worse"));
    }
  }

  private static void between(List<SpecProblem> out, String path, Double v, double min, boolean minIncluded,
      double max, boolean maxIncluded, String hint) {
    if (v == null) {
      return;
    }
    boolean low = minIncluded ? v < min : v <= min;
    boolean high = maxIncluded ? v > max : v >= max;
    if (low || high) {
      String range = max == Double.MAX_VALUE ? (minIncluded ? "must be " + number(min) + " or more" : "must be more than " + number(min))
          : "is outside " + number(min) + " to " + number(max)
              + (!minIncluded && !maxIncluded ? " (both excluded)" : !minIncluded ? " (" + number(min) + " excluded)"
                  : !maxIncluded ? " (" + number(max) + " excluded)" : "");
      out.add(new SpecProblem(path, number(v) + " " + range + "; " + hint));
    }
  }

  private static String number(double d) {
    return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
