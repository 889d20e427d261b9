package dev.shepherd.worker.policy;

import static dev.shepherd.worker.policy.PolicyProblems.NAME;
import static dev.shepherd.worker.policy.PolicyProblems.absent;
import static dev.shepherd.worker.policy.PolicyProblems.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.policy.ApplicationPolicy;
import dev.shepherd.policy.ResourceAllowance;
import dev.shepherd.spec.Durations;
import dev.shepherd.spec.SpecValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads a policy's applications: who may start and approve a release of each, how long its waves must bake,
 * which gates need an approval, and the resources it may touch.
 *
 * @param people whom the lists of people and groups stand for
 * @param digest the policy's digest, which each application's policy carries
 */
record ApplicationsReader(PolicyProblems problems, PeopleAndGroups people, String digest) {

  /** Each application's policy by its name, in the order of the file; an empty or unreadable one is left out. */
  Map<String, ApplicationPolicy> read(JsonNode apps) {
    Map<String, ApplicationPolicy> applications = new LinkedHashMap<>();
    if (!problems.readable(apps, "applications")) {
      return applications;
    }
    for (Map.Entry<String, JsonNode> app : apps.properties()) {
      String path = path("applications", app.getKey());
      if (!app.getKey().equals(ReleasePolicy.EVERY_OTHER_APPLICATION) && !NAME.matcher(app.getKey()).matches()) {
        problems.add(path + ": \"" + app.getKey() + "\" is not an application name (1-64 letters, digits, '.',"
            + " '_' or '-', starting with a letter or digit) nor \"*\" for every other application");
      }
      ApplicationPolicy policy = application(app.getKey(), app.getValue(), path);
      if (policy != null) {
        applications.put(app.getKey(), policy);
      }
    }
    return applications;
  }

  private ApplicationPolicy application(String name, JsonNode node, String path) {
    if (absent(node)) {
      problems.add(path + ": is empty; give at least start (who may start a release of it)");
      return null;
    }
    if (!problems.readable(node, path)) {
      return null;
    }
    List<String> starters = List.of();
    JsonNode start = node.get("start");
    problems.report(path + ".start");
    if (start != null) {
      // A start with no value lets nobody, as an empty list does.
      starters = people.peopleNamedBy(start, path + ".start");
    }

    Map<String, List<String>> approvers = new LinkedHashMap<>();
    JsonNode approve = node.get("approve");
    if (problems.readable(approve, path + ".approve")) {
      for (Map.Entry<String, JsonNode> gate : approve.properties()) {
        String gatePath = path(path + ".approve", gate.getKey());
        if (!gate.getKey().equals("*") && !NAME.matcher(gate.getKey()).matches()) {
          problems.add(gatePath + ": \"" + gate.getKey() + "\" is not a gate name (a wave's name, flag, or \"*\""
              + " for every gate without its own entry)");
        }
        approvers.put(gate.getKey(), people.peopleNamedBy(gate.getValue(), gatePath));
      }
    }

    boolean selfApproval = false;
    JsonNode self = node.get("selfApproval");
    if (problems.readable(self, path + ".selfApproval")) {
      selfApproval = self.booleanValue();
    }

    Duration minBake = Duration.ZERO;
    JsonNode bake = node.get("minBake");
    if (problems.readable(bake, path + ".minBake")) {
      Duration d = problems.duration(bake, path + ".minBake");
      if (d != null && d.isNegative()) {
        problems.add(path + ".minBake: " + Durations.format(d) + " is negative; give zero or more");
      } else if (d != null && d.compareTo(SpecValidator.MAX_BAKE) > 0) {
        problems.add(path + ".minBake: " + Durations.format(d) + " is longer than the longest bake a spec may"
            + " have (" + Durations.format(SpecValidator.MAX_BAKE) + "), so no release could meet it");
      } else if (d != null) {
        minBake = d;
      }
    }

    // Four eyes needs gates: by default every wave after the first (the canary wave) waits for an approval.
    String waveApprovals = ApplicationPolicy.AFTER_FIRST;
    boolean flagApproval = false;
    JsonNode require = node.get("requireApproval");
    if (problems.readable(require, path + ".requireApproval")) {
      JsonNode waves = require.get("waves");
      if (problems.readable(waves, path + ".requireApproval.waves")) {
        waveApprovals = waves.textValue();
      }
      JsonNode flag = require.get("flag");
      if (problems.readable(flag, path + ".requireApproval.flag")) {
        flagApproval = flag.booleanValue();
      }
    }

    ResourceAllowance resources = resources(node.get("resources"), path + ".resources");
    return new ApplicationPolicy(name, digest, starters, approvers, selfApproval, minBake, resources, waveApprovals,
        flagApproval);
  }

  private ResourceAllowance resources(JsonNode node, String path) {
    if (!problems.readable(node, path)) {
      return ResourceAllowance.NONE;
    }
    return new ResourceAllowance(
        patterns(node.get("functions"), path + ".functions", f -> !f.startsWith("arn:") && f.contains(":")
            ? "\"" + f + "\" does not begin arn:, so it is matched against the function's name, which has no ':';"
                + " write the whole ARN (arn:aws:lambda:<region>:<account>:function:<name>)"
            : null),
        patterns(node.get("ssmParameters"), path + ".ssmParameters", prefix -> prefix.contains("*")
            ? "\"" + prefix + "\" is a prefix, not a pattern: '*' matches only itself; write the path the"
                + " parameters are under, e.g. /payments/"
            : null),
        patterns(node.get("appConfigApplications"), path + ".appConfigApplications", p -> null),
        patterns(node.get("codeBuildProjects"), path + ".codeBuildProjects", p -> null),
        patterns(node.get("snsTopics"), path + ".snsTopics", t -> t.startsWith("arn:") ? null
            : "\"" + t + "\" is matched against the topic's ARN: write arn:aws:sns:<region>:<account>:<name>"),
        patterns(node.get("webhooks"), path + ".webhooks", p -> null));
  }

  /**
   * A list of non-empty patterns without whitespace, each also checked by {@code problem} (which gives null
   * for a good one); those that are not good are reported and left out.
   */
  private List<String> patterns(JsonNode node, String path, UnaryOperator<String> problem) {
    List<String> out = new ArrayList<>();
    if (!problems.readable(node, path)) {
      return out;
    }
    List<String> texts = problems.texts(node, path);
    for (int i = 0; i < texts.size(); i++) {
      String t = texts.get(i);
      String at = path + "[" + i + "]: ";
      if (t == null) {
        continue;
      }
      if (t.isBlank()) {
        problems.add(at + "must not be empty");
      } else if (t.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
        problems.add(at + "\"" + t + "\" contains whitespace, which no AWS resource name has");
      } else if (problem.apply(t) != null) {
        problems.add(at + problem.apply(t));
      } else {
        out.add(t);
      }
    }
    return out;
  }
}
