package dev.shepherd.cli;

import dev.shepherd.release.ReleaseStatus;
import dev.shepherd.worker.TemporalConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = "Show a release: phase, waves, regions, gates, the flag, the rollback once it "
    + "runs, steps Temporal is retrying and why, and the last audit entries. Exits 1 when the release failed, was "
    + "rolled back, its rollback did not complete (ROLLBACK_FAILED) or it was abandoned.")
final class StatusCommand extends BaseCommand {

  @Parameters(paramLabel = "ID", description = "workflow id, or APP/VERSION")
  String id;

  @Option(names = "--audit", paramLabel = "N", defaultValue = "10", description = "audit entries to show (default ${DEFAULT-VALUE})")
  int auditLines;

  @Override
  public Integer call() {
    boolean json = global.json();
    TextStyle style = global.style(context);
    String workflowId = workflowId(id);
    try (TemporalConnection temporal = connect()) {
      ReleaseStatus s = release(temporal, workflowId).status();
      Retries.Found retries = s.phase().isFinal() ? Retries.Found.NONE : Retries.find(temporal, workflowId);
      if (retries.problem() != null) {
        context.err().println("shepherd: cannot tell which steps are being retried: " + retries.problem());
      }
      print(json ? StatusView.json(s, retries.retrying()) : StatusView.text(s, auditLines, retries.retrying(),
          StatusView.Rendering.of(context, style, OperatorCommands.of(context, global, temporal))));
      return StatusView.exitCode(s.phase());
    }
  }
}
