package dev.shepherd.cli;

import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.worker.TemporalConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = {"Show a release: phase, waves, regions, gates, the flag, the rollback once it "
    + "runs, steps Temporal is retrying and why, the last audit entries and its Web UI link. Exits 1 when the release "
    + "failed, was rolled back, its rollback did not complete (ROLLBACK_FAILED) or it was abandoned.",
    "An ended release is shown from the status it recorded, with no worker running. A running one with no worker "
        + "polling its task queue is shown as Temporal knows it (phase, pending activities and region workflows), "
        + "saying so."})
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
    String ui = WebUi.configured(global.uiUrl, context.env());
    try (TemporalConnection temporal = connect()) {
      ReleaseLookup.Found found = ReleaseLookup.find(temporal, workflowId);
      boolean running = !found.ended() && found.source() == ReleaseLookup.Source.WORKER;
      Retries.Found retries = running ? Retries.find(temporal, workflowId) : Retries.Found.NONE;
      if (retries.problem() != null) {
        context.err().println("shepherd: cannot tell which steps are being retried: " + retries.problem());
      }
      String link = WebUi.workflowLink(ui, temporal.address(), temporal.namespace(), workflowId);
      StatusView.Rendering rendering = StatusView.Rendering.of(context, style,
          OperatorCommands.of(context, global, temporal)).withHeader(List.of("web UI   " + link));
      print(json ? json(found, retries.retrying(), link) : text(found, auditLines, retries.retrying(), rendering));
      return found.exitCode();
    }
  }

  /**
   * The status for people: as {@link StatusView} shows it (with {@code r}'s header, e.g. the Web UI link), or
   * what Temporal knows when no worker answered; then how Temporal closed it, when it was not the release.
   */
  static String text(ReleaseLookup.Found found, int auditLines, List<Retries.Retrying> retrying,
      StatusView.Rendering r) {
    ReleaseStatus s = found.status();
    TextStyle st = r.style();
    StringBuilder sb = new StringBuilder();
    if (found.source() != ReleaseLookup.Source.SERVER) {
      sb.append(StatusView.text(s, auditLines, retrying, r));
    } else {
      sb.append(st.bold(s.workflowId())).append("   ").append(s.application()).append(' ').append(s.version())
          .append("   started by ").append(s.initiator());
      r.header().forEach(line -> sb.append('\n').append(line));
      sb.append("\nphase    ").append(st.paint(StatusTones.tone(s.phase()), s.phase().name()))
          .append(" (as the release last published it; its worker would tell more)");
      if (s.failure() != null) {
        sb.append("\nfailure  ").append(st.red(s.failure()));
      }
      if (!found.ended()) {
        sb.append('\n').append(st.red("WORKER")).append("   ").append(found.noWorker())
            .append(".\n         The release does not move on until one runs: shepherd worker --task-queue ")
            .append(found.taskQueue());
        for (ReleaseLookup.Pending p : found.pending()) {
          sb.append("\npending  ").append(p.describe());
        }
      } else {
        sb.append("\nnote     it recorded no final status; a worker could replay its history, but ")
            .append(found.noWorker());
      }
    }
    if (found.closedAs() != null) {
      sb.append('\n').append(st.red("ended")).append("    ").append(found.closedAs()).append(" by Temporal")
          .append(found.closeReason() != null ? " (" + found.closeReason() + ")" : "")
          .append(", not by the release itself: its rollback did not run; what it changed may still be in place");
    }
    return sb.toString();
  }

  /**
   * The status for scripts: the {@link ReleaseStatus} with {@code retrying}, {@code webUi}, {@code source}
   * ({@code worker}, {@code result} or {@code server}) and, when set, {@code closedAs} with {@code closeReason},
   * {@code noWorker} with {@code taskQueue} and {@code pending}.
   */
  static String json(ReleaseLookup.Found found, List<Retries.Retrying> retrying, String link) {
    Map<String, Object> more = new LinkedHashMap<>();
    more.put("webUi", link);
    more.put("source", found.source().json());
    if (found.closedAs() != null) {
      more.put("closedAs", found.closedAs());
      more.put("closeReason", found.closeReason());
    }
    if (found.noWorker() != null) {
      more.put("noWorker", found.noWorker());
      more.put("taskQueue", found.taskQueue());
      more.put("pending", found.pending());
    }
    return StatusView.json(found.status(), retrying, more);
  }
}
