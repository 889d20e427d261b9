package dev.shepherd.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    return out;
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
