package dev.shepherd.cli;

import dev.shepherd.worker.TemporalConnection;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "watch", description = "Follow a release until it ends, or until its rollback did not complete "
    + "(ROLLBACK_FAILED: it waits for a person). Exits 0 when released, 1 when it failed, was rolled back, its "
    + "rollback did not complete, or it was abandoned. On a terminal the view is redrawn in place; otherwise one "
    + "line per change. --output jsonl streams one JSON object per change, the last one where it stopped.")
final class WatchCommand extends BaseCommand {

  @Parameters(paramLabel = "ID", description = "workflow id, or APP/VERSION")
  String id;

  @Override
  public Integer call() {
    GlobalOptions.Format format = global.format(true);
    TextStyle style = global.style(context);
    String workflowId = workflowId(id);
    try (TemporalConnection temporal = connect()) {
      Watch watch = new Watch(context, format, style, Watch.Header.of(context, global, temporal, workflowId, false));
      return watch.follow(release(temporal, workflowId)::status, Duration.ofSeconds(1), status -> { });
    }
  }
}
