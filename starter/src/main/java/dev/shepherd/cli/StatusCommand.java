package dev.shepherd.cli;

import dev.shepherd.release.ReleaseStatus;
import dev.shepherd.worker.TemporalConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = "Show a release: phase, waves, regions, gates and the last audit entries. "
    + "Exits 1 when the release failed or was rolled back.")
final class StatusCommand extends BaseCommand {

  @Parameters(paramLabel = "ID", description = "workflow id, or APP/VERSION")
  String id;

  @Option(names = "--audit", paramLabel = "N", defaultValue = "10", description = "audit entries to show (default ${DEFAULT-VALUE})")
  int auditLines;

  @Override
  public Integer call() {
    boolean json = global.json();
    String workflowId = workflowId(id);
    try (TemporalConnection temporal = connect()) {
      ReleaseStatus s = release(temporal, workflowId).status();
      print(json ? Json.write(s) : StatusView.text(s, auditLines));
      return StatusView.exitCode(s.phase());
    }
  }
}
