package dev.shepherd.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed YAML or JSON document (maps, lists, strings, numbers, booleans) into a {@link
 * ReleaseSpec}, collecting every structural problem at once: unknown keys, missing required fields,
 * wrong types and unreadable durations, each with its field path. Semantic checks (regions, weights,
 * windows, gates) are {@link SpecValidator}'s; {@link #read} runs both.
 */
public final class SpecReader {

  private final List<SpecProblem> problems = new ArrayList<>();

  private SpecReader() {}

  /** The outcome of reading a spec: the spec when there are no problems, else every problem. */
  public record Result(ReleaseSpec spec, List<SpecProblem> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** Reads and validates a document. */
  public static Result read(Object document) {
    SpecReader reader = new SpecReader();
    ReleaseSpec spec = reader.releaseSpec(document);
    List<SpecProblem> all = new ArrayList<>(reader.problems);
    if (spec != null) {
      Set<String> reported = new LinkedHashSet<>();
      for (SpecProblem p : all) {
        reported.add(p.path());
      }
      for (SpecProblem p : SpecValidator.validate(spec)) {
        // A field the reader could not read is absent in the spec; don't also call it missing.
        if (reported.stream().noneMatch(r -> p.path().equals(r) || p.path().startsWith(r + ".")
            || p.path().startsWith(r + "["))) {
          all.add(p);
        }
      }
    }
    return new Result(all.isEmpty() ? spec : null, List.copyOf(all));
  }

  private ReleaseSpec releaseSpec(Object doc) {
    Map<String, Object> root = map(doc, "(document)");
    if (root == null) {
      return null;
    }
    keys(root, "", "application", "build", "test", "deploy", "alarms", "waves", "flag", "approvers", "policy",
        "analysis", "hooks", "notifications");
    return new ReleaseSpec(
        string(root, "", "application", true),
        buildStep(root, "build", true),
        buildStep(root, "test", false),
        deploy(root),
        stringList(root, "", "alarms"),
        waves(root),
        flag(root),
        stringList(root, "", "approvers"),
        policy(root),
        analysis(root, ""),
        hooks(root),
        notifications(root));
  }

  private HooksSpec hooks(Map<String, Object> root) {
    Map<String, Object> m = child(root, "", "hooks", false);
    if (m == null) {
      return null;
    }
    keys(m, "hooks", "beforeTraffic", "afterTraffic");
    return new HooksSpec(hook(m, "beforeTraffic"), hook(m, "afterTraffic"));
  }

  private HookSpec hook(Map<String, Object> hooks, String key) {
    Map<String, Object> m = child(hooks, "hooks", key, false);
    if (m == null) {
      return null;
    }
    String path = "hooks." + key;
    keys(m, path, "function", "timeout");
    return new HookSpec(string(m, path, "function", true), duration(m, path, "timeout", SpecValidator.MAX_HOOK_TIMEOUT));
  }

  private NotificationsSpec notifications(Map<String, Object> root) {
    Map<String, Object> m = child(root, "", "notifications", false);
    if (m == null) {
      return null;
    }
    keys(m, "notifications", "sns", "webhook");
    return new NotificationsSpec(string(m, "notifications", "sns", false), string(m, "notifications", "webhook", false));
  }

  private BuildStepSpec buildStep(Map<String, Object> root, String key, boolean required) {
    Map<String, Object> m = child(root, "", key, required);
    if (m == null) {
      return null;
    }
    keys(m, key, "codebuild", "timeout");
    Map<String, Object> cb = child(m, key, "codebuild", true);
    CodeBuildTarget target = null;
    if (cb != null) {
      String path = key + ".codebuild";
      keys(cb, path, "project", "region");
      String region = string(cb, path, "region", false);
      target = new CodeBuildTarget(string(cb, path, "project", true), region == null ? null : Region.of(region));
    }
    return new BuildStepSpec(target, duration(m, key, "timeout", SpecValidator.MAX_STEP_TIMEOUT));
  }

  private DeploySpec deploy(Map<String, Object> root) {
    Map<String, Object> m = child(root, "", "deploy", true);
    if (m == null) {
      return null;
    }
    keys(m, "deploy", "lambda", "canary");
    LambdaTarget lambda = null;
    Map<String, Object> l = child(m, "deploy", "lambda", true);
    if (l != null) {
      keys(l, "deploy.lambda", "function", "alias");
      lambda = new LambdaTarget(string(l, "deploy.lambda", "function", true), string(l, "deploy.lambda", "alias", true));
    }
    CanarySpec canary = null;
    Map<String, Object> c = child(m, "deploy", "canary", false);
    if (c != null) {
      keys(c, "deploy.canary", "weight", "duration");
      Integer weight = integer(c, "deploy.canary", "weight", true);
      Duration duration = duration(c, "deploy.canary", "duration", SpecValidator.MAX_CANARY_DURATION);
      if (duration == null && !c.containsKey("duration")) {
        missing("deploy.canary", "duration");
      }
      canary = new CanarySpec(weight == null ? null : CanaryWeight.of(weight), duration);
    }
    return new DeploySpec(lambda, canary);
  }

  private List<WaveSpec> waves(Map<String, Object> root) {
    List<Object> items = list(root, "", "waves", true);
    if (items == null) {
      return List.of();
    }
    List<WaveSpec> waves = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String path = "waves[" + i + "]";
      Map<String, Object> w = map(items.get(i), path);
      if (w == null) {
        // Keep the wave's place: the validator's paths must match the document's indices.
        waves.add(new WaveSpec(null, null, null, null));
        continue;
      }
      keys(w, path, "name", "regions", "bake", "approval", "analysis");
      List<Region> regions = new ArrayList<>();
      List<String> codes = stringList(w, path, "regions");
      if (!w.containsKey("regions")) {
        missing(path, "regions");
      }
      for (String code : codes) {
        regions.add(Region.of(code));
      }
      waves.add(new WaveSpec(
          string(w, path, "name", true), regions, duration(w, path, "bake", SpecValidator.MAX_BAKE),
          approval(w, path), analysis(w, path)));
    }
    return waves;
  }

  private FlagSpec flag(Map<String, Object> root) {
    Map<String, Object> m = child(root, "", "flag", false);
    if (m == null) {
      return null;
    }
    keys(m, "flag", "ssm", "appconfig", "region", "value", "approval", "bake");
    SsmFlagTarget ssm = null;
    Map<String, Object> s = child(m, "flag", "ssm", false);
    if (s != null) {
      keys(s, "flag.ssm", "parameter");
      ssm = new SsmFlagTarget(string(s, "flag.ssm", "parameter", true));
    }
    AppConfigFlagTarget appconfig = null;
    Map<String, Object> a = child(m, "flag", "appconfig", false);
    if (a != null) {
      String p = "flag.appconfig";
      keys(a, p, "application", "environment", "profile", "flag");
      appconfig = new AppConfigFlagTarget(
          string(a, p, "application", true), string(a, p, "environment", true),
          string(a, p, "profile", true), string(a, p, "flag", true));
    }
    String region = string(m, "flag", "region", false);
    return new FlagSpec(ssm, appconfig, region == null ? null : Region.of(region),
        scalarText(m, "flag", "value"), approval(m, "flag"), duration(m, "flag", "bake", SpecValidator.MAX_BAKE));
  }

  private PolicySpec policy(Map<String, Object> root) {
    Map<String, Object> m = child(root, "", "policy", false);
    if (m == null) {
      return PolicySpec.defaults();
    }
    keys(m, "policy", "onFailure", "approvalTimeout", "pauseTimeout", "windows", "alarmBlocker",
        "alarmBlockerTimeout", "blindAfter");
    OnFailure onFailure = null;
    String text = string(m, "policy", "onFailure", false);
    if (text != null) {
      switch (text.toLowerCase(Locale.ROOT)) {
        case "rollback" -> onFailure = OnFailure.ROLLBACK;
        case "pause" -> onFailure = OnFailure.PAUSE;
        default -> problem("policy.onFailure", "\"" + text + "\" is not a failure policy; use rollback or pause");
      }
    }
    AlarmBlocker blocker = null;
    String blockerText = string(m, "policy", "alarmBlocker", false);
    if (blockerText != null) {
      switch (blockerText.toLowerCase(Locale.ROOT)) {
        case "fail" -> blocker = AlarmBlocker.FAIL;
        case "wait" -> blocker = AlarmBlocker.WAIT;
        default -> problem("policy.alarmBlocker", "\"" + blockerText + "\" is not an alarm blocker; use fail or wait");
      }
    }
    return new PolicySpec(onFailure, duration(m, "policy", "approvalTimeout", SpecValidator.MAX_OPERATOR_WAIT),
        duration(m, "policy", "pauseTimeout", SpecValidator.MAX_OPERATOR_WAIT), stringList(m, "policy", "windows"),
        blocker, duration(m, "policy", "alarmBlockerTimeout", SpecValidator.MAX_ALARM_BLOCKER_TIMEOUT),
        duration(m, "policy", "blindAfter", SpecValidator.MAX_BLIND_AFTER));
  }

  private AnalysisSpec analysis(Map<String, Object> parent, String parentPath) {
    Map<String, Object> m = child(parent, parentPath, "analysis", false);
    if (m == null) {
      return null;
    }
    String path = at(parentPath, "analysis");
    keys(m, path, "interval", "minRequests", "maxExtensions", "onFail", "during", "signals");
    OnFailure onFail = null;
    String text = string(m, path, "onFail", false);
    if (text != null) {
      switch (text.toLowerCase(Locale.ROOT)) {
        case "rollback" -> onFail = OnFailure.ROLLBACK;
        case "pause" -> onFail = OnFailure.PAUSE;
        default -> problem(at(path, "onFail"), "\"" + text + "\" is not a failure policy; use rollback or pause");
      }
    }
    List<AnalysisPhase> during = new ArrayList<>();
    List<String> phases = stringList(m, path, "during");
    for (int i = 0; i < phases.size(); i++) {
      switch (phases.get(i).toLowerCase(Locale.ROOT)) {
        case "canary" -> during.add(AnalysisPhase.CANARY);
        case "bake" -> during.add(AnalysisPhase.BAKE);
        case "" -> { } // reported by stringList
        default -> problem(at(path, "during") + "[" + i + "]", "\"" + phases.get(i)
            + "\" is not a phase to judge in; use canary or bake");
      }
    }
    if (m.containsKey("during") && phases.isEmpty() && m.get("during") instanceof List) {
      problem(at(path, "during"), "must list canary, bake or both");
    }
    List<AnalysisSignal> signals = new ArrayList<>();
    List<Object> items = list(m, path, "signals", true);
    if (items != null) {
      for (int i = 0; i < items.size(); i++) {
        signals.add(signal(items.get(i), at(path, "signals") + "[" + i + "]"));
      }
    }
    return new AnalysisSpec(duration(m, path, "interval", SpecValidator.MAX_ANALYSIS_INTERVAL),
        integer(m, path, "minRequests", false), integer(m, path, "maxExtensions", false), onFail, during, signals);
  }

  /** One signal; an unreadable one keeps its place (as an empty signal) so that paths match the document. */
  private AnalysisSignal signal(Object item, String path) {
    Map<String, Object> s = map(item, path);
    if (s == null) {
      return new AnalysisSignal(null, null, null);
    }
    keys(s, path, "errorRate", "latency", "metric");
    if (s.size() != 1) {
      if (s.isEmpty()) {
        problem(path, "names no signal; give one of errorRate, latency or metric");
      } else if (s.keySet().stream().filter(k -> List.of("errorRate", "latency", "metric").contains(k)).count() > 1) {
        problem(path, "names " + s.size() + " signals; give each its own list item (- errorRate: ..., - latency: ...)");
      }
    }
    ErrorRateSignal errorRate = null;
    Map<String, Object> e = child(s, path, "errorRate", false);
    if (e != null) {
      String p = at(path, "errorRate");
      keys(e, p, "maxIncrease", "maxAbsolute", "confidence");
      errorRate = new ErrorRateSignal(fraction(e, p, "maxIncrease"), fraction(e, p, "maxAbsolute"),
          number(e, p, "confidence"));
    }
    LatencySignal latency = null;
    Map<String, Object> l = child(s, path, "latency", false);
    if (l != null) {
      String p = at(path, "latency");
      keys(l, p, "percentile", "maxIncreaseRatio", "maxAbsolute", "confidence");
      latency = new LatencySignal(percentile(l, p), number(l, p, "maxIncreaseRatio"),
          duration(l, p, "maxAbsolute", Durations.MAX), number(l, p, "confidence"));
    }
    MetricSignal metric = null;
    Map<String, Object> c = child(s, path, "metric", false);
    if (c != null) {
      String p = at(path, "metric");
      keys(c, p, "label", "namespace", "name", "dimensions", "statistic", "expression", "metrics", "direction",
          "maxIncrease", "maxIncreaseRatio", "maxAbsolute", "maxDecrease", "minRatio", "minAbsolute", "confidence");
      MetricDirection direction = null;
      String d = string(c, p, "direction", false);
      if (d != null) {
        switch (d.toLowerCase(Locale.ROOT).replace('_', '-')) {
          case "lower-is-better" -> direction = MetricDirection.LOWER_IS_BETTER;
          case "higher-is-better" -> direction = MetricDirection.HIGHER_IS_BETTER;
          default -> problem(at(p, "direction"), "\"" + d + "\" is not a direction; use lower-is-better or"
              + " higher-is-better");
        }
      }
      Map<String, MetricQuery> metrics = null;
      Map<String, Object> ms = child(c, p, "metrics", false);
      if (ms != null) {
        metrics = new java.util.LinkedHashMap<>();
        for (var entry : ms.entrySet()) {
          String id = String.valueOf(entry.getKey());
          String mp = at(p, "metrics") + "." + id;
          Map<String, Object> q = map(entry.getValue(), mp);
          if (q == null) {
            continue;
          }
          keys(q, mp, "namespace", "name", "dimensions", "statistic");
          metrics.put(id, new MetricQuery(string(q, mp, "namespace", true), string(q, mp, "name", true),
              dimensions(q, mp), string(q, mp, "statistic", false)));
        }
      }
      metric = new MetricSignal(string(c, p, "label", false), string(c, p, "namespace", false),
          string(c, p, "name", false), dimensions(c, p), string(c, p, "statistic", false),
          string(c, p, "expression", false), metrics, direction, number(c, p, "maxIncrease"),
          number(c, p, "maxIncreaseRatio"), number(c, p, "maxAbsolute"), number(c, p, "maxDecrease"),
          number(c, p, "minRatio"), number(c, p, "minAbsolute"), number(c, p, "confidence"));
    }
    return new AnalysisSignal(errorRate, latency, metric);
  }

  private Map<String, String> dimensions(Map<String, Object> m, String path) {
    Map<String, Object> d = child(m, path, "dimensions", false);
    if (d == null) {
      return null;
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (var entry : d.entrySet()) {
      String name = String.valueOf(entry.getKey());
      String value = string(d, at(path, "dimensions"), name, true);
      out.put(name, value == null ? "" : value);
    }
    return out;
  }

  /** A percentile: {@code 99}, {@code 99.9} or {@code p99}. */
  private Double percentile(Map<String, Object> m, String path) {
    Object v = m.get("percentile");
    if (v instanceof String text && text.toLowerCase(Locale.ROOT).startsWith("p")) {
      Map<String, Object> stripped = new java.util.HashMap<>(m);
      stripped.put("percentile", text.substring(1));
      return number(stripped, path, "percentile");
    }
    return number(m, path, "percentile");
  }

  /** A fraction, written as a number ({@code 0.01}) or in percent ({@code 1%}). */
  private Double fraction(Map<String, Object> m, String path, String key) {
    Object v = m.get(key);
    if (v instanceof String text && text.trim().endsWith("%")) {
      Map<String, Object> stripped = new java.util.HashMap<>(m);
      stripped.put(key, text.trim().substring(0, text.trim().length() - 1).trim());
      Double percent = number(stripped, path, key);
      return percent == null ? null : percent / 100;
    }
    return number(m, path, key);
  }

  private Double number(Map<String, Object> m, String path, String key) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Map || v instanceof List) {
      problem(at(path, key), "must be a number" + found(v));
      return null;
    }
    try {
      double d = Double.parseDouble(String.valueOf(v).trim());
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(at(path, key), "\"" + v + "\" is not a number");
    return null;
  }

  private Approval approval(Map<String, Object> m, String path) {
    Object v = m.get("approval");
    if (v == null) {
      return Approval.NONE;
    }
    if (v instanceof Boolean b) {
      return b ? Approval.REQUIRED : Approval.NONE;
    }
    String t = String.valueOf(v).toLowerCase(Locale.ROOT);
    return switch (t) {
      case "required" -> Approval.REQUIRED;
      case "none" -> Approval.NONE;
      default -> {
        problem(at(path, "approval"), "\"" + v + "\" is not an approval setting; use required or none");
        yield Approval.NONE;
      }
    };
  }

  // --- tree helpers: each reports what it cannot read, with the path, and returns null ---

  @SuppressWarnings("unchecked")
  private Map<String, Object> map(Object value, String path) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    problem(path, "must be a mapping of keys to values" + found(value));
    return null;
  }

  private Map<String, Object> child(Map<String, Object> parent, String path, String key, boolean required) {
    Object v = parent.get(key);
    if (v == null) {
      if (required) {
        missing(path, key);
      }
      return null;
    }
    return map(v, at(path, key));
  }

  private void keys(Map<String, Object> m, String path, String... allowed) {
    List<String> known = List.of(allowed);
    for (Object k : m.keySet()) {
      String key = String.valueOf(k);
      if (!known.contains(key)) {
        problem(at(path, key), "unknown key (expected one of: " + String.join(", ", known) + ")");
      }
    }
  }

  private String string(Map<String, Object> m, String path, String key, boolean required) {
    Object v = m.get(key);
    if (v == null) {
      if (required) {
        missing(path, key);
      }
      return null;
    }
    if (v instanceof Map || v instanceof List) {
      problem(at(path, key), "must be a single value" + found(v));
      return null;
    }
    String s = String.valueOf(v);
    if (s.isBlank() && required) {
      problem(at(path, key), "must not be empty");
      return null;
    }
    return s;
  }

  private String scalarText(Map<String, Object> m, String path, String key) {
    return string(m, path, key, false);
  }

  private Integer integer(Map<String, Object> m, String path, String key, boolean required) {
    Object v = m.get(key);
    if (v == null) {
      if (required) {
        missing(path, key);
      }
      return null;
    }
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
      return l.intValue();
    }
    String s = String.valueOf(v).trim();
    if (s.endsWith("%")) {
      s = s.substring(0, s.length() - 1).trim();
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      problem(at(path, key), "\"" + v + "\" is not a whole number");
      return null;
    }
  }

  /** A duration field; {@code max} is its bound, named when the text is too long to be read at all. */
  private Duration duration(Map<String, Object> m, String path, String key, Duration max) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    String text = String.valueOf(v);
    if (v instanceof Number && !text.equals("0")) {
      problem(at(path, key), "\"" + v + "\" has no unit; write e.g. " + v + "s, " + v + "m or " + v + "h");
      return null;
    }
    var d = Durations.parse(text);
    if (d.isEmpty() && Durations.isTooLong(text)) {
      problem(at(path, key), text.trim().startsWith("-")
          ? "\"" + text + "\" is negative; durations must be zero or more"
          : SpecValidator.tooLong("\"" + text + "\"", max));
      return null;
    }
    if (d.isEmpty()) {
      problem(at(path, key), "\"" + text + "\" is not a duration; write e.g. 90s, 5m, 1h30m or 2d");
      return null;
    }
    if (d.get().isNegative()) {
      problem(at(path, key), "\"" + text + "\" is negative; durations must be zero or more");
      return null;
    }
    return d.get();
  }

  private List<Object> list(Map<String, Object> m, String path, String key, boolean required) {
    Object v = m.get(key);
    if (v == null) {
      if (required) {
        missing(path, key);
      }
      return null;
    }
    if (v instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    problem(at(path, key), "must be a list" + found(v));
    return null;
  }

  private List<String> stringList(Map<String, Object> m, String path, String key) {
    List<Object> items = list(m, path, key, false);
    if (items == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      if (item == null || item instanceof Map || item instanceof List) {
        problem(at(path, key) + "[" + i + "]", "must be a single value" + found(item));
        // Keep the item's place: the validator's paths must match the document's indices.
        out.add("");
      } else {
        out.add(String.valueOf(item));
      }
    }
    return out;
  }

  private void missing(String path, String key) {
    problem(at(path, key), "is required");
  }

  private void problem(String path, String message) {
    problems.add(new SpecProblem(path, message));
  }

  private static String at(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String found(Object v) {
    if (v == null) {
      return " (found nothing)";
    }
    if (v instanceof Map) {
      return " (found a mapping)";
    }
    if (v instanceof List) {
      return " (found a list)";
    }
    return " (found \"" + v + "\")";
  }
}
