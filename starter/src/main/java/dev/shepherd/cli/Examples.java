package dev.shepherd.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The "Examples:" section of every command's help, kept in one place so that they read alike. Each is a line a
 * person could paste: {@code CliHelpTest} parses every one against the command it belongs to. A line starting
 * with {@code #} says what the next one is for.
 */
final class Examples {

  /** By command name; the empty name is {@code shepherd} itself. */
  static final Map<String, List<String>> BY_COMMAND = byCommand();

  private Examples() {}

  private static Map<String, List<String>> byCommand() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("", List.of(
        "# everything in one process: embedded Temporal, simulated AWS, a release",
        "shepherd demo --auto-approve",
        "# check a spec (needs no server), then release 1.4.2 and follow it to the end",
        "shepherd plan -f release.yaml",
        "shepherd start -f release.yaml --version 1.4.2 --wait",
        "# from another terminal, as someone other than who started it",
        "shepherd approve payments/1.4.2 -m \"canary healthy\"",
        "shepherd help start"));
    m.put("plan", List.of(
        "shepherd plan -f release.yaml",
        "# the plan as one JSON object, for a script or a review bot",
        "shepherd plan -f release.yaml -o json"));
    m.put("start", List.of(
        "# release 1.4.2 and follow it to the end (exit 0: released, 1: it was not)",
        "shepherd start -f release.yaml --version 1.4.2 --wait",
        "# build a given commit rather than the tag 1.4.3",
        "shepherd start -f release.yaml --version 1.4.3 --source-version 9f2c1e7",
        "# if a release of payments is running, begin when it ends",
        "shepherd start -f release.yaml --version 1.4.3 --queue"));
    m.put("status", List.of(
        "shepherd status payments/1.4.2",
        "shepherd status release/payments/1.4.2 --audit 50",
        "shepherd status payments/1.4.2 -o json --address temporal.internal:7233"));
    m.put("watch", List.of(
        "shepherd watch payments/1.4.2",
        "# in a pipeline: go on only when the release is out everywhere",
        "shepherd watch payments/1.4.2 && ./announce-release.sh 1.4.2"));
    m.put("list", List.of(
        "shepherd list",
        "# what waits for an approval",
        "shepherd list --app payments --phase AWAITING_APPROVAL",
        "shepherd list --limit 10 -o json"));
    m.put("approve", List.of(
        "# the gate now waiting; not as the one who started the release",
        "shepherd approve payments/1.4.2 -m \"canary healthy\"",
        "shepherd approve payments/1.4.2 --gate flag --as alice -m \"dashboards green\""));
    m.put("reject", List.of(
        "shepherd reject payments/1.4.2 -m \"p99 latency up 30% in eu-west-1\"",
        "shepherd reject payments/1.4.2 --gate flag -m \"support not briefed yet\""));
    m.put("abort", List.of(
        "shepherd abort payments/1.4.2 -m \"INC-4821: deploy freeze\""));
    m.put("retry", List.of(
        "# a paused release (policy.onFailure: pause) whose build hit a quota",
        "shepherd retry payments/1.4.2 -m \"CodeBuild quota raised\""));
    m.put("rollback", List.of(
        "# a paused release: give up on it",
        "shepherd rollback payments/1.4.2 -m \"flaky tests; not worth a retry\"",
        "# ROLLBACK_FAILED: fix what shepherd status shows, then finish the undos",
        "shepherd rollback payments/1.4.2 -m \"alias live recreated in eu-west-1\""));
    m.put("abandon", List.of(
        "# the undos cannot be finished; eu-west-1 was put right by hand",
        "shepherd abandon payments/1.4.2 -m \"eu-west-1 restored by hand, see INC-4821\""));
    m.put("worker", List.of(
        "shepherd worker --metrics-port 9464",
        "# a cluster or Temporal Cloud, through a profile of the Temporal config file",
        "shepherd worker --profile prod --grace 2m",
        "# the simulated cloud, to try releases without AWS",
        "shepherd worker --provider sim --address 127.0.0.1:7233",
        "# notifications with Web UI links; webhook URLs in SHEPHERD_WEBHOOKS",
        "shepherd worker --web-ui https://temporal.example.com"));
    m.put("demo", List.of(
        "shepherd demo --auto-approve",
        "# an alarm in eu-west-1 during its canary: every region is rolled back",
        "shepherd demo --auto-approve --fail-in eu-west-1",
        "# stops at the approval gate and prints the command that approves it",
        "shepherd demo --port 7233"));
    m.put("completion", List.of(
        "# bash: in ~/.bashrc",
        "source <(shepherd completion bash)",
        "# or once, for every user (as root)",
        "shepherd completion bash > /etc/bash_completion.d/shepherd",
        "# zsh: in ~/.zshrc",
        "source <(shepherd completion zsh)",
        "# fish",
        "shepherd completion fish > ~/.config/fish/completions/shepherd.fish"));
    m.put("help", List.of(
        "shepherd help status"));
    return Map.copyOf(m);
  }

  /** Sets each command's examples as its help footer (under the "Examples:" heading it inherits). */
  static void addTo(CommandLine root) {
    footer(root, BY_COMMAND.get(""));
    root.getSubcommands().forEach((name, sub) -> footer(sub, BY_COMMAND.get(name)));
  }

  private static void footer(CommandLine command, List<String> examples) {
    if (examples != null) {
      // Footer lines are format strings; a literal % must be doubled.
      command.getCommandSpec().usageMessage().footer(
          examples.stream().map(line -> "  " + line.replace("%", "%%")).toArray(String[]::new));
    }
  }
}
