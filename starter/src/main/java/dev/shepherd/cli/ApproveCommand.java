package dev.shepherd.cli;

import dev.shepherd.release.GateDecision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "approve", description = "Approve a gate (default: the one now waiting). The initiator may not.")
final class ApproveCommand extends OperatorCommand {

  @Option(names = "--gate", paramLabel = "G", description = "the gate (default: the one now waiting)")
  String gate;

  @Option(names = {"-m", "--message"}, paramLabel = "COMMENT",
      description = "a comment for the audit log (one line, at most 1000 characters)")
  String comment;

  @Override
  public Integer call() {
    message("-m/--message", comment);
    return act("approved", (release, who) -> release.approve(new GateDecision(gate, who, comment)));
  }
}
