package dev.shepherd.cli;

import dev.shepherd.release.GateDecision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "approve", description = "Approve a gate (default: the one now waiting). The initiator may not.")
final class ApproveCommand extends OperatorCommand {

  @Option(names = "--gate", paramLabel = "G", description = "the gate (default: the one now waiting)")
  String gate;

  @Option(names = {"-m", "--message"}, paramLabel = "COMMENT", description = "a comment for the audit log")
  String comment;

  @Override
  public Integer call() {
    return act("approved", (release, who) -> release.approve(new GateDecision(gate, who, comment)));
  }
}
