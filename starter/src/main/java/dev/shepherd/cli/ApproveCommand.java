package dev.shepherd.cli;

import dev.shepherd.release.operator.GateDecision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "approve", description = "Approve a gate (default: the one now waiting). The initiator may not.")
final class ApproveCommand extends SignalCommand {

  @Option(names = "--gate", paramLabel = "G", description = "the gate (default: the one now waiting)")
  String gate;

  @Option(names = {"-m", "--message"}, paramLabel = "COMMENT",
      description = "a comment for the audit log (one line, at most 1000 characters)")
  String comment;

  @Override
  String signalName() {
    return dev.shepherd.release.ReleaseWorkflow.APPROVE_SIGNAL;
  }

  @Override
  public Integer call() {
    message("-m/--message", comment);
    return act("approved", new Message("approve", gate, comment),
        (release, who, g, proof) -> release.approve(new GateDecision(g, who, comment, proof)));
  }
}
