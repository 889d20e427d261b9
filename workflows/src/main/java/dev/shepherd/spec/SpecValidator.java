package dev.shepherd.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The semantic checks of a spec, each problem with its field path. Pure: the CLI runs it before
 * starting anything and the release workflow runs it again on its input.
 */
public final class SpecValidator {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** The longest bake of a wave ({@code waves[i].bake}) or of the flag ({@code flag.bake}). */
  public static final Duration MAX_BAKE = Duration.ofDays(30);
  /** The longest canary ({@code deploy.canary.duration}). */
  public static final Duration MAX_CANARY_DURATION = Duration.ofHours(24);
  /** The longest build or test ({@code build.timeout}, {@code test.timeout}). */
  public static final Duration MAX_STEP_TIMEOUT = Duration.ofHours(36);
  /** The longest wait for a person ({@code policy.approvalTimeout}, {@code policy.pauseTimeout}). */
  public static final Duration MAX_OPERATOR_WAIT = Duration.ofDays(30);
  /** The longest wait for a region's alarms to go quiet ({@code policy.alarmBlockerTimeout}). */
  public static final Duration MAX_ALARM_BLOCKER_TIMEOUT = Duration.ofHours(24);
  /**
   * The shortest {@code policy.blindAfter}. Watches read the alarms every few seconds (a tenth of the
   * shortest bake or canary, at most every 10s); a second is the floor, for demos and tests.
   */
  public static final Duration MIN_BLIND_AFTER = Duration.ofSeconds(1);
  /** The longest {@code policy.blindAfter}. */
  public static final Duration MAX_BLIND_AFTER = Duration.ofHours(24);
  /** The shortest {@code analysis.interval}: CloudWatch's shortest period, for high-resolution metrics. */
  public static final Duration MIN_ANALYSIS_INTERVAL = Duration.ofSeconds(1);
  /** The longest {@code analysis.interval}. */
  public static final Duration MAX_ANALYSIS_INTERVAL = Duration.ofHours(1);
  /** The most times an INCONCLUSIVE canary may be extended ({@code analysis.maxExtensions}). */
  public static final int MAX_ANALYSIS_EXTENSIONS = 24;
  /** The longest {@code hooks.*.timeout}: Lambda's longest run. */
  public static final Duration MAX_HOOK_TIMEOUT = Duration.ofMinutes(15);
  /** An SNS topic's ARN. */
  private static final Pattern SNS_TOPIC_ARN = Pattern.compile(
      "arn:aws(?:-[a-z]+)*:sns:([a-z]{2}(?:-[a-z]+)+-\\d):\\d{12}:[A-Za-z0-9_-]{1,256}(?:\\.fifo)?");
  /** A webhook's name, as the worker's {@code --webhook NAME=URL} gives it. */
  public static final Pattern WEBHOOK_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  /** The most intervals one canary analysis verdict may judge (a day of minutes). */
  public static final int MAX_ANALYSIS_INTERVALS = 1440;
  /** The most signals one analysis may compare. */
  public static final int MAX_ANALYSIS_SIGNALS = 20;

  /** A metric-math id, as CloudWatch takes it. */
  private static final Pattern METRIC_ID = Pattern.compile("[a-z][a-zA-Z0-9_]{0,254}");
  /** Placeholders in dimension values and expressions: {@code ${version}} and its like. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
  /** The placeholders a metric query may use, filled in per version when the metrics are read. */
  public static final List<String> METRIC_PLACEHOLDERS = List.of("version", "function", "alias", "region");
  /** CloudWatch's statistics and the extended statistics Shepherd passes on. */
  private static final Pattern STATISTIC = Pattern.compile(
      "Sum|Average|Minimum|Maximum|SampleCount|IQM|(?:p|tm|wm|tc|ts)(?:100|\\d{1,2})(?:\\.\\d+)?");

  private SpecValidator() {}

  /** Every problem with the spec; empty when it is good to run. */
  public static List<SpecProblem> validate(ReleaseSpec spec) {
    return validate(spec, true);
  }

  /**
   * Every problem with the spec, with or without the rules that refuse what a rollback could not undo safely
   * (a function name or ARN Lambda would not take as this function in every region, an AppConfig value
   * that is not a boolean). Releases started before those rules are judged without them.
   */
  public static List<SpecProblem> validate(ReleaseSpec spec, boolean rollbackSafetyRules) {
    List<SpecProblem> out = new ArrayList<>();
    if (spec == null) {
      out.add(new SpecProblem("(document)", "is required"));
      return out;
    }
    if (spec.application() == null || spec.application().isBlank()) {
      out.add(new SpecProblem("application", "is required"));
    } else if (!NAME.matcher(spec.application()).matches()) {
      out.add(new SpecProblem("application", "\"" + spec.application()
          + "\" must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"));
    }
    buildStep(out, "build", spec.build(), true);
    buildStep(out, "test", spec.test(), false);
    deploy(out, spec.deploy(), rollbackSafetyRules ? spec.allRegions() : null);
    for (int i = 0; i < spec.alarms().size(); i++) {
      if (spec.alarms().get(i) == null || spec.alarms().get(i).isBlank()) {
        out.add(new SpecProblem("alarms[" + i + "]", "must not be empty"));
      }
    }
    waves(out, spec.waves());
    flag(out, spec.flag(), rollbackSafetyRules);
    approvers(out, spec);
    policy(out, spec.policy());
    analysis(out, "analysis", spec.analysis(), spec.deploy());
    if (spec.analysis() != null) {
      List<Duration> bakes = spec.waves().stream().filter(w -> w != null && w.analysis() == null)
          .map(WaveSpec::bake).toList();
      intervalsPerWindow(out, "analysis", spec.analysis(), spec.deploy(), bakes);
    }
    hooks(out, spec.hooks());
    notifications(out, spec.notifications());
    for (int i = 0; i < spec.waves().size(); i++) {
      WaveSpec wave = spec.waves().get(i);
      if (wave != null) {
        analysis(out, "waves[" + i + "].analysis", wave.analysis(), spec.deploy());
        if (wave.analysis() != null) {
          intervalsPerWindow(out, "waves[" + i + "].analysis", wave.analysis(), spec.deploy(),
              wave.bake() == null ? List.of() : List.of(wave.bake()));
        }
      }
    }
    return out;
  }

  private static void analysis(List<SpecProblem> out, String path, AnalysisSpec analysis, DeploySpec deploy) {
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

  private static void buildStep(List<SpecProblem> out, String path, BuildStepSpec step, boolean required) {
    if (step == null) {
      if (required) {
        out.add(new SpecProblem(path, "is required"));
      }
      return;
    }
    if (step.codebuild() == null) {
      out.add(new SpecProblem(path + ".codebuild", "is required"));
    } else {
      if (blank(step.codebuild().project())) {
        out.add(new SpecProblem(path + ".codebuild.project", "is required"));
      }
      region(out, path + ".codebuild.region", step.codebuild().region());
    }
    positive(out, path + ".timeout", step.timeout());
    atMost(out, path + ".timeout", step.timeout(), MAX_STEP_TIMEOUT);
  }

  private static void deploy(List<SpecProblem> out, DeploySpec deploy, List<Region> regions) {
    if (deploy == null) {
      out.add(new SpecProblem("deploy", "is required"));
      return;
    }
    if (deploy.lambda() == null) {
      out.add(new SpecProblem("deploy.lambda", "is required"));
    } else {
      if (blank(deploy.lambda().function())) {
        out.add(new SpecProblem("deploy.lambda.function", "is required"));
      } else if (regions != null) {
        function(out, deploy.lambda().function(), regions);
      }
      if (blank(deploy.lambda().alias())) {
        out.add(new SpecProblem("deploy.lambda.alias", "is required"));
      } else if (deploy.lambda().alias().matches("\\d+|\\$LATEST")) {
        out.add(new SpecProblem("deploy.lambda.alias", "\"" + deploy.lambda().alias()
            + "\" is a version, not an alias; name the alias callers invoke"));
      }
    }
    CanarySpec canary = deploy.canary();
    if (canary != null) {
      if (canary.weight() == null) {
        out.add(new SpecProblem("deploy.canary.weight", "is required"));
      } else if (!canary.weight().isValid()) {
        out.add(new SpecProblem("deploy.canary.weight", canary.weight().percent()
            + " is outside " + CanaryWeight.MIN + ".." + CanaryWeight.MAX + " (percent of traffic)"));
      }
      if (canary.duration() == null) {
        out.add(new SpecProblem("deploy.canary.duration", "is required"));
      } else {
        notNegative(out, "deploy.canary.duration", canary.duration());
        atMost(out, "deploy.canary.duration", canary.duration(), MAX_CANARY_DURATION);
      }
    }
  }

  /**
   * A function named by ARN is refused here when the waves deploy to any region but the ARN's own: the
   * release deploys the same function everywhere, and an ARN cannot be the same function in two regions.
   * Its account can only be checked against the worker's credentials, in pre-flight.
   */
  private static void function(List<SpecProblem> out, String function, List<Region> regions) {
    var parsed = LambdaFunctionName.parse(function);
    if (parsed.isEmpty()) {
      out.add(new SpecProblem("deploy.lambda.function", "\"" + function
          + "\" is not a Lambda function name or ARN (e.g. payments-api or"
          + " arn:aws:lambda:us-east-1:123456789012:function:payments-api)"));
      return;
    }
    LambdaFunctionName name = parsed.get();
    if (name.qualifier() != null) {
      out.add(new SpecProblem("deploy.lambda.function", "\"" + function + "\" names a version or alias ("
          + name.qualifier() + "); give the function alone and its alias in deploy.lambda.alias"));
    }
    if (name.region() == null) {
      return;
    }
    if (!name.region().isKnown()) {
      out.add(new SpecProblem("deploy.lambda.function", "\"" + name.region().code() + "\" in \"" + function
          + "\" is not an AWS region"));
      return;
    }
    List<String> elsewhere = regions.stream().filter(r -> r != null && r.isKnown() && !r.equals(name.region()))
        .map(Region::code).distinct().toList();
    if (!elsewhere.isEmpty()) {
      out.add(new SpecProblem("deploy.lambda.function", "\"" + function + "\" is a function in "
          + name.region().code() + ", but the waves deploy to " + String.join(", ", elsewhere)
          + "; name the function by its name alone (" + name.name() + "), which is looked up in each region"));
    }
  }

  private static void waves(List<SpecProblem> out, List<WaveSpec> waves) {
    if (waves.isEmpty()) {
      out.add(new SpecProblem("waves", "must list at least one wave"));
      return;
    }
    Map<String, String> regionSeenAt = new HashMap<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < waves.size(); i++) {
      String path = "waves[" + i + "]";
      WaveSpec wave = waves.get(i);
      if (wave == null) {
        out.add(new SpecProblem(path, "is empty"));
        continue;
      }
      if (blank(wave.name())) {
        out.add(new SpecProblem(path + ".name", "is required"));
      } else if (!NAME.matcher(wave.name()).matches()) {
        out.add(new SpecProblem(path + ".name", "\"" + wave.name()
            + "\" must be 1-64 letters, digits, '.', '_' or '-'"));
      } else if (wave.name().equals(FlagSpec.GATE_NAME)) {
        out.add(new SpecProblem(path + ".name", "\"flag\" is the flag's gate; name the wave otherwise"));
      } else if (!names.add(wave.name())) {
        out.add(new SpecProblem(path + ".name", "\"" + wave.name() + "\" names two waves"));
      }
      if (wave.regions().isEmpty()) {
        out.add(new SpecProblem(path + ".regions", "must list at least one region"));
      }
      for (int r = 0; r < wave.regions().size(); r++) {
        String rpath = path + ".regions[" + r + "]";
        Region region = wave.regions().get(r);
        if (!region(out, rpath, region)) {
          continue;
        }
        String earlier = regionSeenAt.putIfAbsent(region.code(), rpath);
        if (earlier != null) {
          out.add(new SpecProblem(rpath, "\"" + region.code() + "\" is already deployed at " + earlier
              + "; a region belongs to one wave"));
        }
      }
      notNegative(out, path + ".bake", wave.bake());
      atMost(out, path + ".bake", wave.bake(), MAX_BAKE);
    }
  }

  private static void flag(List<SpecProblem> out, FlagSpec flag, boolean rollbackSafetyRules) {
    if (flag == null) {
      return;
    }
    if (flag.ssm() == null && flag.appconfig() == null) {
      out.add(new SpecProblem("flag", "names no provider; give flag.ssm or flag.appconfig"));
    } else if (flag.ssm() != null && flag.appconfig() != null) {
      out.add(new SpecProblem("flag", "names two providers; give flag.ssm or flag.appconfig, not both"));
    }
    if (flag.ssm() != null) {
      if (blank(flag.ssm().parameter())) {
        out.add(new SpecProblem("flag.ssm.parameter", "is required"));
      } else if (!flag.ssm().parameter().startsWith("/") && flag.ssm().parameter().contains("/")) {
        out.add(new SpecProblem("flag.ssm.parameter", "\"" + flag.ssm().parameter()
            + "\" is a path without a leading '/'"));
      }
    }
    if (flag.appconfig() != null) {
      AppConfigFlagTarget a = flag.appconfig();
      if (blank(a.application())) out.add(new SpecProblem("flag.appconfig.application", "is required"));
      if (blank(a.environment())) out.add(new SpecProblem("flag.appconfig.environment", "is required"));
      if (blank(a.profile())) out.add(new SpecProblem("flag.appconfig.profile", "is required"));
      if (blank(a.flag())) out.add(new SpecProblem("flag.appconfig.flag", "is required"));
    }
    region(out, "flag.region", flag.region());
    if (blank(flag.value())) {
      out.add(new SpecProblem("flag.value", "must not be empty"));
    } else if (rollbackSafetyRules && flag.appconfig() != null && flag.ssm() == null
        && !AppConfigFlagTarget.isEnabledValue(flag.value())) {
      out.add(new SpecProblem("flag.value", "\"" + flag.value() + "\" is not true or false; an AppConfig flag's"
          + " enabled attribute is a boolean"));
    }
    notNegative(out, "flag.bake", flag.bake());
    atMost(out, "flag.bake", flag.bake(), MAX_BAKE);
  }

  private static void approvers(List<SpecProblem> out, ReleaseSpec spec) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < spec.approvers().size(); i++) {
      String a = spec.approvers().get(i);
      if (blank(a)) {
        out.add(new SpecProblem("approvers[" + i + "]", "must not be empty"));
      } else if (!seen.add(a)) {
        out.add(new SpecProblem("approvers[" + i + "]", "\"" + a + "\" is listed twice"));
      }
    }
    if (spec.approvers().isEmpty()) {
      for (int i = 0; i < spec.waves().size(); i++) {
        WaveSpec w = spec.waves().get(i);
        if (w != null && w.approvalRequired()) {
          out.add(new SpecProblem("waves[" + i + "].approval", "is required but approvers lists nobody"));
        }
      }
      if (spec.flag() != null && spec.flag().approvalRequired()) {
        out.add(new SpecProblem("flag.approval", "is required but approvers lists nobody"));
      }
    }
  }

  /**
   * Bounds the intervals one verdict judges (its window grows with each extension), so that a verdict with its
   * figures per interval stays well inside what a Temporal payload may hold.
   */
  private static void intervalsPerWindow(List<SpecProblem> out, String path, AnalysisSpec analysis, DeploySpec deploy,
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

  private static void hooks(List<SpecProblem> out, HooksSpec hooks) {
    if (hooks == null) {
      return;
    }
    if (hooks.beforeTraffic() == null && hooks.afterTraffic() == null) {
      out.add(new SpecProblem("hooks", "names no hook; give beforeTraffic, afterTraffic or both (or leave hooks out)"));
    }
    hook(out, "hooks.beforeTraffic", hooks.beforeTraffic());
    hook(out, "hooks.afterTraffic", hooks.afterTraffic());
  }

  private static void hook(List<SpecProblem> out, String path, HookSpec hook) {
    if (hook == null) {
      return;
    }
    if (blank(hook.function())) {
      out.add(new SpecProblem(path + ".function", "is required"));
    } else if (LambdaFunctionName.parse(hook.function()).isEmpty()) {
      out.add(new SpecProblem(path + ".function", "\"" + hook.function()
          + "\" is not a Lambda function name, name:qualifier or ARN"));
    }
    if (hook.timeout().compareTo(Duration.ofSeconds(1)) < 0) {
      out.add(new SpecProblem(path + ".timeout", Durations.format(hook.timeout()) + " is shorter than 1s"));
    }
    atMost(out, path + ".timeout", hook.timeout(), MAX_HOOK_TIMEOUT);
  }

  private static void notifications(List<SpecProblem> out, NotificationsSpec n) {
    if (n == null) {
      return;
    }
    if (blank(n.sns()) && blank(n.webhook())) {
      out.add(new SpecProblem("notifications", "names no channel; give sns (a topic ARN), webhook (a name the worker"
          + " maps to a URL) or both (or leave notifications out)"));
    }
    if (n.sns() != null && !SNS_TOPIC_ARN.matcher(n.sns()).matches()) {
      out.add(new SpecProblem("notifications.sns", "\"" + n.sns() + "\" is not an SNS topic ARN"
          + " (arn:aws:sns:REGION:ACCOUNT:NAME)"));
    } else if (n.sns() != null) {
      Matcher m = SNS_TOPIC_ARN.matcher(n.sns());
      if (m.matches() && !Region.of(m.group(1)).isKnown()) {
        out.add(new SpecProblem("notifications.sns", "\"" + m.group(1) + "\" is not an AWS region"));
      }
    }
    if (n.webhook() != null && !WEBHOOK_NAME.matcher(n.webhook()).matches()) {
      out.add(new SpecProblem("notifications.webhook", "\"" + n.webhook() + "\" is not a webhook name: 1-63 lower-case"
          + " letters, digits, '-' or '_', naming a webhook the worker knows (--webhook NAME=URL); never the URL"));
    }
  }

  private static void policy(List<SpecProblem> out, PolicySpec policy) {
    positive(out, "policy.approvalTimeout", policy.approvalTimeout());
    positive(out, "policy.pauseTimeout", policy.pauseTimeout());
    positive(out, "policy.alarmBlockerTimeout", policy.alarmBlockerTimeout());
    atMost(out, "policy.approvalTimeout", policy.approvalTimeout(), MAX_OPERATOR_WAIT);
    atMost(out, "policy.pauseTimeout", policy.pauseTimeout(), MAX_OPERATOR_WAIT);
    atMost(out, "policy.alarmBlockerTimeout", policy.alarmBlockerTimeout(), MAX_ALARM_BLOCKER_TIMEOUT);
    Duration blind = policy.blindAfter();
    if (blind != null && blind.compareTo(MIN_BLIND_AFTER) < 0) {
      out.add(new SpecProblem("policy.blindAfter", Durations.format(blind) + " is shorter than the minimum of "
          + Durations.format(MIN_BLIND_AFTER)));
    }
    atMost(out, "policy.blindAfter", blind, MAX_BLIND_AFTER);
    for (int i = 0; i < policy.windows().size(); i++) {
      try {
        DeploymentWindow.parse(policy.windows().get(i));
      } catch (IllegalArgumentException e) {
        out.add(new SpecProblem("policy.windows[" + i + "]", e.getMessage()));
      }
    }
  }

  /** Reports an unknown region; a null region is fine here (the field is optional). */
  private static boolean region(List<SpecProblem> out, String path, Region region) {
    if (region == null) {
      return false;
    }
    if (!region.isKnown()) {
      out.add(new SpecProblem(path, "\"" + region.code() + "\" is not an AWS region"));
      return false;
    }
    return true;
  }

  private static void notNegative(List<SpecProblem> out, String path, Duration d) {
    if (d != null && d.isNegative()) {
      out.add(new SpecProblem(path, Durations.format(d) + " is negative; durations must be zero or more"));
    }
  }

  /** The message for a duration longer than its field allows; the reader says the same of absurd text. */
  static String tooLong(String written, Duration max) {
    return written + " is longer than the maximum of " + bound(max);
  }

  /** A bound as people say it: {@code 30d}, but {@code 24h} and {@code 36h} rather than {@code 1d12h}. */
  private static String bound(Duration d) {
    if (d.toDays() < 2 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0 && d.toMillisPart() == 0) {
      return d.toHours() + "h";
    }
    return Durations.format(d);
  }

  private static void atMost(List<SpecProblem> out, String path, Duration d, Duration max) {
    if (d != null && d.compareTo(max) > 0) {
      out.add(new SpecProblem(path, tooLong(Durations.format(d), max)));
    }
  }

  private static void positive(List<SpecProblem> out, String path, Duration d) {
    if (d != null && (d.isNegative() || d.isZero())) {
      out.add(new SpecProblem(path, Durations.format(d) + " must be more than zero"));
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
