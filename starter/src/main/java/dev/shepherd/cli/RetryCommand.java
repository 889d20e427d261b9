package dev.shepherd.cli;

import dev.shepherd.release.operator.OperatorAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "retry", description = "Retry the failed step of a paused release.")
final class RetryCommand extends OperatorCommand {

  @Option(names = {"-m", "--message"}, paramLabel = "COMMENT",
      description = "a comment for the audit log (one line, at most 1000 characters)")
  String comment;

  @Override
  public Integer call() {
    message("-m/--message", comment);
    return act("retried", new Message("retry", null, comment),
        (release, who, g, proof) -> release.retry(new OperatorAction(who, comment, proof)));
  }
}
