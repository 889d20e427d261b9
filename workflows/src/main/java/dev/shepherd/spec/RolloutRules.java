package dev.shepherd.spec;

import static dev.shepherd.spec.FieldRules.NAME;
import static dev.shepherd.spec.FieldRules.atMost;
import static dev.shepherd.spec.FieldRules.blank;
import static dev.shepherd.spec.FieldRules.notNegative;
import static dev.shepherd.spec.FieldRules.positive;
import static dev.shepherd.spec.FieldRules.region;
import static dev.shepherd.spec.SpecValidator.MAX_ALARM_BLOCKER_TIMEOUT;
import static dev.shepherd.spec.SpecValidator.MAX_BAKE;
import static dev.shepherd.spec.SpecValidator.MAX_BLIND_AFTER;
import static dev.shepherd.spec.SpecValidator.MAX_OPERATOR_WAIT;
import static dev.shepherd.spec.SpecValidator.MIN_BLIND_AFTER;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of how a release rolls out: its waves, its flag, who approves, and its policy (timeouts, windows).
 * Part of {@link SpecValidator}, which decides the order in which problems are reported; stateless, as it runs
 * in workflow code.
 */
final class RolloutRules {

  private RolloutRules() {}

  static void waves(List<SpecProblem> out, List<WaveSpec> waves) {
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

  static void flag(List<SpecProblem> out, FlagSpec flag, boolean rollbackSafetyRules) {
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
      AppConfigFlagLocation a = flag.appconfig();
      if (blank(a.application())) out.add(new SpecProblem("flag.appconfig.application", "is required"));
      if (blank(a.environment())) out.add(new SpecProblem("flag.appconfig.environment", "is required"));
      if (blank(a.profile())) out.add(new SpecProblem("flag.appconfig.profile", "is required"));
      if (blank(a.flag())) out.add(new SpecProblem("flag.appconfig.flag", "is required"));
    }
    region(out, "flag.region", flag.region());
    if (blank(flag.value())) {
      out.add(new SpecProblem("flag.value", "must not be empty"));
    } else if (rollbackSafetyRules && flag.appconfig() != null && flag.ssm() == null
        && !AppConfigFlagLocation.isEnabledValue(flag.value())) {
      out.add(new SpecProblem("flag.value", "\"" + flag.value() + "\" is not true or false; an AppConfig flag's"
          + " enabled attribute is a boolean"));
    }
    notNegative(out, "flag.bake", flag.bake());
    atMost(out, "flag.bake", flag.bake(), MAX_BAKE);
  }

  static void approvers(List<SpecProblem> out, ReleaseSpec spec) {
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

  static void policy(List<SpecProblem> out, PolicySpec policy) {
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
}
