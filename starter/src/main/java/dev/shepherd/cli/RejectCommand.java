package dev.shepherd.cli;

import dev.shepherd.release.operator.GateDecision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reject", description = "Reject a gate (default: the one now waiting); the release rolls back.")
final class RejectCommand extends SignalCommand {

  @Option(names = "--gate", paramLabel = "G", description = "the gate (default: the one now waiting)")
  String gate;

  @Option(names = {"-m", "--message"}, required = true, paramLabel = "REASON",
      description = "why (one line, at most 1000 characters)")
  String reason;

  @Override
  String signalName() {
    return dev.shepherd.release.ReleaseWorkflow.REJECT_SIGNAL;
  }

  @Override
  public Integer call() {
    message("-m/--message", reason);
    return act("rejected", new Message("reject", gate, reason),
        (release, who, g, proof) -> release.reject(new GateDecision(g, who, reason, proof)));
  }
}
