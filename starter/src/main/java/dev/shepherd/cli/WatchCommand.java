package dev.shepherd.cli;

import dev.shepherd.worker.TemporalConnection;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "watch", description = "Follow a release until it ends, or until its rollback did not complete "
    + "(ROLLBACK_FAILED: it waits for a person). Exits 0 when released, 1 when it failed, was rolled back, its "
    + "rollback did not complete, or it was abandoned.")
final class WatchCommand extends BaseCommand {

  @Parameters(paramLabel = "ID", description = "workflow id, or APP/VERSION")
  String id;

  @Override
  public Integer call() {
    boolean json = global.json();
    String workflowId = workflowId(id);
    try (TemporalConnection temporal = connect()) {
      return Watch.follow(release(temporal, workflowId), context, json, Duration.ofSeconds(1));
    }
  }
}
