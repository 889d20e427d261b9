package dev.shepherd.cli;

import dev.shepherd.release.operator.OperatorAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "abort", description = "Stop whatever the release is doing and roll it back.")
final class AbortCommand extends SignalCommand {

  @Option(names = {"-m", "--message"}, required = true, paramLabel = "REASON",
      description = "why (one line, at most 1000 characters)")
  String reason;

  @Override
  String signalName() {
    return dev.shepherd.release.ReleaseWorkflow.ABORT_SIGNAL;
  }

  @Override
  public Integer call() {
    message("-m/--message", reason);
    return act("aborted", new Message("abort", null, reason),
        (release, who, g, proof) -> release.abort(new OperatorAction(who, reason, proof)));
  }
}
