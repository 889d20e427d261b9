package dev.shepherd.cli;

import dev.shepherd.release.OperatorAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "abort", description = "Stop whatever the release is doing and roll it back.")
final class AbortCommand extends OperatorCommand {

  @Option(names = {"-m", "--message"}, required = true, paramLabel = "REASON",
      description = "why (one line, at most 1000 characters)")
  String reason;

  @Override
  public Integer call() {
    message("-m/--message", reason);
    return act("aborted", (release, who) -> release.abort(new OperatorAction(who, reason)));
  }
}
