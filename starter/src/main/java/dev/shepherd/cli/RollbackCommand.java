package dev.shepherd.cli;

import dev.shepherd.release.OperatorAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rollback", description = "Roll back a paused (or running) release.")
final class RollbackCommand extends OperatorCommand {

  @Option(names = {"-m", "--message"}, paramLabel = "COMMENT", description = "a comment for the audit log")
  String comment;

  @Override
  public Integer call() {
    return act("rolling back", (release, who) -> release.rollback(new OperatorAction(who, comment)));
  }
}
