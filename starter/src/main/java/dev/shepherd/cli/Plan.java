package dev.shepherd.cli;

import dev.shepherd.spec.DeploymentWindow;
import dev.shepherd.spec.Durations;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.WaveSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a release will do, and when it can end at the earliest: canaries, bakes and deployment windows
 * counted; build and test time, approvals and deploy calls not (they depend on people and AWS).
 */
final class Plan {

  private Plan() {}

  static Instant earliestCompletion(ReleaseSpec spec, Instant start) {
    List<DeploymentWindow> windows = spec.policy().windows().stream().map(DeploymentWindow::parse).toList();
    Duration canary = spec.deploy().canary() == null ? Duration.ZERO : spec.deploy().canary().duration();
    Instant t = start;
    for (WaveSpec wave : spec.waves()) {
      if (!windows.isEmpty()) {
        t = DeploymentWindow.nextOpening(windows, t);
      }
      t = t.plus(canary).plus(wave.bake());
    }
    if (spec.flag() != null) {
      t = t.plus(spec.flag().bake());
    }
    return t;
  }

  static Map<String, Object> json(ReleaseSpec spec, Instant now) {
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("application", spec.application());
    plan.put("function", spec.deploy().lambda().function() + ":" + spec.deploy().lambda().alias());
    plan.put("canary", spec.deploy().canary() == null ? null : Map.of(
        "weight", spec.deploy().canary().weight().percent(), "duration", spec.deploy().canary().duration()));
    List<Map<String, Object>> waves = new ArrayList<>();
    for (WaveSpec w : spec.waves()) {
      Map<String, Object> wave = new LinkedHashMap<>();
      wave.put("name", w.name());
      wave.put("regions", w.regions().stream().map(r -> r.code()).toList());
      wave.put("bake", w.bake());
      wave.put("approval", w.approvalRequired());
      waves.add(wave);
    }
    plan.put("waves", waves);
    plan.put("gates", spec.gateNames());
    plan.put("flag", spec.flag() == null ? null : Map.of("target", spec.flag().describe(), "value", spec.flag().value(),
        "bake", spec.flag().bake(), "approval", spec.flag().approvalRequired()));
    plan.put("alarms", spec.alarms());
    plan.put("approvers", spec.approvers());
    plan.put("onFailure", spec.policy().onFailure().name().toLowerCase(java.util.Locale.ROOT));
    plan.put("windows", spec.policy().windows());
    plan.put("earliestCompletion", earliestCompletion(spec, now));
    return plan;
  }

  static String text(ReleaseSpec spec, Instant now) {
    StringBuilder sb = new StringBuilder();
    sb.append("Release plan for ").append(spec.application()).append('\n');
    sb.append("  build   CodeBuild ").append(spec.build().codebuild().project())
        .append(" (timeout ").append(Durations.format(spec.build().timeout())).append(")\n");
    if (spec.test() != null) {
      sb.append("  test    CodeBuild ").append(spec.test().codebuild().project())
          .append(" (timeout ").append(Durations.format(spec.test().timeout())).append(")\n");
    }
    sb.append("  deploy  Lambda ").append(spec.deploy().lambda().function()).append(':')
        .append(spec.deploy().lambda().alias());
    if (spec.deploy().canary() != null) {
      sb.append(", canary ").append(spec.deploy().canary().weight()).append(" for ")
          .append(Durations.format(spec.deploy().canary().duration()));
    }
    sb.append('\n');
    if (!spec.alarms().isEmpty()) {
      sb.append("  alarms  ").append(String.join(", ", spec.alarms())).append(" (in every region)\n");
    }
    int i = 1;
    for (WaveSpec w : spec.waves()) {
      sb.append(String.format("  wave %d  %-16s %s, bake %s%s%n", i++, w.name(),
          w.regions().stream().map(r -> r.code()).collect(Collectors.joining(", ")), Durations.format(w.bake()),
          w.approvalRequired() ? ", approval required" : ""));
    }
    if (spec.flag() != null) {
      sb.append("  flag    ").append(spec.flag().describe()).append(" = \"").append(spec.flag().value())
          .append("\", bake ").append(Durations.format(spec.flag().bake()))
          .append(spec.flag().approvalRequired() ? ", approval required" : "").append('\n');
    }
    List<String> gates = spec.gateNames();
    sb.append("  gates   ").append(gates.isEmpty() ? "none" : String.join(", ", gates));
    if (!gates.isEmpty()) {
      sb.append(" (approvers: ").append(String.join(", ", spec.approvers())).append("; timeout ")
          .append(Durations.format(spec.policy().approvalTimeout())).append(')');
    }
    sb.append('\n');
    sb.append("  on failure  ").append(spec.policy().onFailure().name().toLowerCase(java.util.Locale.ROOT)).append('\n');
    if (!spec.policy().windows().isEmpty()) {
      sb.append("  windows ").append(String.join("; ", spec.policy().windows())).append('\n');
    }
    sb.append("Earliest completion if started now: ").append(earliestCompletion(spec, now))
        .append(" (canaries, bakes and windows; not build, test or approvals)");
    return sb.toString();
  }
}
