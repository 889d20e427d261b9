package dev.shepherd.cli;

import dev.shepherd.release.operator.OperatorAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rollback", description = {
    "Roll back a paused (or running) release.",
    "On a release in ROLLBACK_FAILED, retry the undos that are left (the failed ones and any not yet run), "
        + "once you have fixed what made them fail (see shepherd status ID); undos already done are not run "
        + "again, and what someone else changed since (DRIFTED) is left alone."})
final class RollbackCommand extends OperatorCommand {

  @Option(names = {"-m", "--message"}, paramLabel = "COMMENT",
      description = "a comment for the audit log (one line, at most 1000 characters)")
  String comment;

  @Override
  public Integer call() {
    message("-m/--message", comment);
    return act("rolling back", new Message("rollback", null, comment),
        (release, who, g, proof) -> release.rollback(new OperatorAction(who, comment, proof)));
  }
}
