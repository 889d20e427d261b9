package dev.shepherd.cli;

import dev.shepherd.release.operator.OperatorAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "abandon", description = {
    "Close a release in ROLLBACK_FAILED with the undos that are left not done: the only way such a release "
        + "ends (it ends ABANDONED).",
    "Fix the cause and run shepherd rollback ID instead if the undos can still be done. The status keeps "
        + "showing what is left where; the reason and who gave it are recorded in the audit log."})
final class AbandonCommand extends OperatorCommand {

  @Option(names = {"-m", "--reason", "--message"}, paramLabel = "REASON",
      description = "why (required; kept in the audit log; one line, at most 1000 characters)")
  String reason;

  @Override
  public Integer call() {
    if (reason == null || reason.isBlank()) {
      throw CliException.usage("-m/--reason: a reason is required to abandon a release (it is kept in the audit "
          + "log); give -m REASON");
    }
    message("-m/--reason", reason);
    return act("abandoned", new Message("abandon", null, reason),
        (release, who, g, proof) -> release.abandon(new OperatorAction(who, reason, proof)));
  }
}
