package dev.shepherd.cli;

import dev.shepherd.release.ReleaseIds;
import dev.shepherd.release.ReleaseWorkflow;
import dev.shepherd.worker.TemporalConnection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** What every subcommand has: its context, the global options, and a way to reach Temporal. */
abstract class BaseCommand implements Callable<Integer> {

  Context context;

  @Mixin
  GlobalOptions global = new GlobalOptions();

  @Mixin
  HelpOption help = new HelpOption();

  /** Connects and checks that the server answers (exit 3 with the address otherwise). */
  TemporalConnection connect() {
    // Each command checked its own format first; this only keeps exit 2 (bad usage) ahead of exit 3.
    global.format(true);
    return TemporalConnection.openForCommand(global.connection(), context.env()).ensureReachable();
  }

  ReleaseWorkflow release(TemporalConnection temporal, String id) {
    return temporal.client().newWorkflowStub(ReleaseWorkflow.class, workflowId(id));
  }

  static String workflowId(String id) {
    try {
      return ReleaseIds.parse(id);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("ID: " + e.getMessage());
    }
  }

  void print(String text) {
    context.out().println(text);
  }
}
