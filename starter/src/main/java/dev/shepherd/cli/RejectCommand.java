package dev.shepherd.cli;

import dev.shepherd.release.GateDecision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reject", description = "Reject a gate (default: the one now waiting); the release rolls back.")
final class RejectCommand extends OperatorCommand {

  @Option(names = "--gate", paramLabel = "G", description = "the gate (default: the one now waiting)")
  String gate;

  @Option(names = {"-m", "--message"}, required = true, paramLabel = "REASON",
      description = "why (one line, at most 1000 characters)")
  String reason;

  @Override
  public Integer call() {
    message("-m/--message", reason);
    return act("rejected", (release, who) -> release.reject(new GateDecision(gate, who, reason)));
  }
}
