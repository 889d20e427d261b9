package dev.shepherd.cli;

import dev.shepherd.worker.TemporalConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "watch", description = {"Follow a release until it ends, or until its rollback did not complete "
    + "(ROLLBACK_FAILED: it waits for a person). Exits 0 when released, 1 when it failed, was rolled back, its "
    + "rollback did not complete, or it was abandoned. On a terminal the view is redrawn in place; otherwise one "
    + "line per change. --output jsonl streams one JSON object per change, the last one where it stopped.",
    "An ended release's final status is printed from what it recorded, with no worker running; while no worker "
        + "polls a running release's task queue, watch says so and keeps waiting."})
final class WatchCommand extends BaseCommand {

  @Parameters(paramLabel = "ID", description = "workflow id, or APP/VERSION")
  String id;

  @Override
  public Integer call() {
    GlobalOptions.Format format = global.format(true);
    TextStyle style = global.style(context);
    String workflowId = workflowId(id);
    String ui = WebUi.configured(global.uiUrl, context.env());
    try (TemporalConnection temporal = connect()) {
      ReleaseLookup.Found first = ReleaseLookup.find(temporal, workflowId);
      if (endedMidway(first)) {
        String link = WebUi.workflowLink(ui, temporal.address(), temporal.namespace(), workflowId);
        print(format != GlobalOptions.Format.TEXT ? StatusCommand.json(first, List.of(), link)
            : StatusCommand.text(first, 5, List.of(), StatusView.Rendering.of(context, style,
                OperatorCommands.of(context, global, temporal)).withHeader(List.of("web UI   " + link))));
        return first.exitCode();
      }
      Watch watch = new Watch(context, format, style, Watch.Header.of(context, global, temporal, workflowId, false));
      AtomicReference<ReleaseLookup.Found> pending = new AtomicReference<>(first);
      AtomicBoolean warned = new AtomicBoolean();
      return watch.follow(() -> {
        ReleaseLookup.Found found = pending.getAndSet(null);
        if (found == null) {
          found = ReleaseLookup.find(temporal, workflowId);
        }
        if (endedMidway(found)) {
          throw new CliException(ExitCodes.RELEASE_FAILED, workflowId + " was " + found.closedAs()
              + " by Temporal in " + found.status().phase() + ": its rollback did not run; what it changed may "
              + "still be in place");
        }
        // The text views show it as the release's activity; JSON shows statuses only, so say it once here.
        if (format != GlobalOptions.Format.TEXT && found.noWorker() != null && !warned.getAndSet(true)) {
          context.err().println("shepherd: " + found.noWorker() + "; waiting for one");
        }
        return found.status();
      }, Duration.ofSeconds(1), status -> { });
    }
  }

  /** Ended without reaching a phase watch stops at: terminated (or timed out) by Temporal, not by the release. */
  private static boolean endedMidway(ReleaseLookup.Found found) {
    return found.ended() && !StatusView.stopsWatch(found.status().phase());
  }
}
