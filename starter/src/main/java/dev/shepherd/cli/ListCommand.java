package dev.shepherd.cli;

import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.ReleaseSearchAttributes;
import dev.shepherd.worker.TemporalConnection;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowExecutionMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", description = "List releases, newest first, from Temporal visibility (needs a server with "
    + "visibility, e.g. temporal server start-dev; the demo's embedded server has none).")
final class ListCommand extends BaseCommand {

  @Option(names = "--app", paramLabel = "A", description = "only this application")
  String application;

  @Option(names = "--phase", paramLabel = "P", description = "only releases in this phase, e.g. AWAITING_APPROVAL")
  String phase;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "at most N (default ${DEFAULT-VALUE})")
  int limit;

  @Override
  public Integer call() {
    boolean json = global.json();
    String query = query();
    if (limit < 1) {
      throw CliException.usage("--limit: must be at least 1");
    }
    try (TemporalConnection temporal = connect()) {
      List<WorkflowExecutionMetadata> found;
      try {
        found = temporal.client().listExecutions(query).limit(limit).toList();
      } catch (RuntimeException e) {
        StatusRuntimeException grpc = e instanceof StatusRuntimeException s ? s
            : e.getCause() instanceof StatusRuntimeException s2 ? s2 : null;
        if (grpc != null && grpc.getStatus().getCode() != Status.Code.UNAVAILABLE) {
          throw CliException.usage("this Temporal server cannot list releases (" + grpc.getStatus().getCode()
              + ": " + grpc.getStatus().getDescription() + "); list needs visibility with the Release* search "
              + "attributes, which the demo's embedded server does not have");
        }
        throw e;
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (WorkflowExecutionMetadata m : found) {
        var attributes = m.getTypedSearchAttributes();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("workflowId", m.getExecution().getWorkflowId());
        row.put("application", attributes.get(ReleaseSearchAttributes.APPLICATION));
        row.put("version", attributes.get(ReleaseSearchAttributes.VERSION));
        row.put("phase", attributes.get(ReleaseSearchAttributes.PHASE));
        row.put("initiator", attributes.get(ReleaseSearchAttributes.INITIATOR));
        row.put("status", m.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", ""));
        row.put("started", m.getStartTime());
        rows.add(row);
      }
      if (json) {
        print(Json.write(rows));
      } else if (rows.isEmpty()) {
        print("no releases match " + query);
      } else {
        print(String.format("%-40s %-14s %-10s %-22s %-10s %s", "ID", "APPLICATION", "VERSION", "PHASE", "INITIATOR", "STARTED"));
        for (Map<String, Object> r : rows) {
          print(String.format("%-40s %-14s %-10s %-22s %-10s %s", r.get("workflowId"), r.get("application"),
              r.get("version"), r.get("phase"), r.get("initiator"), r.get("started")));
        }
      }
      return ExitCodes.OK;
    }
  }

  String query() {
    StringBuilder q = new StringBuilder("WorkflowType = 'ReleaseWorkflow'");
    if (application != null) {
      if (!application.matches("[A-Za-z0-9._-]{1,64}")) {
        throw CliException.usage("--app: \"" + application + "\" is not an application name");
      }
      q.append(" AND ReleaseApplication = '").append(application).append('\'');
    }
    if (phase != null) {
      try {
        q.append(" AND ReleasePhase = '").append(ReleasePhase.valueOf(phase.toUpperCase(Locale.ROOT)).name()).append('\'');
      } catch (IllegalArgumentException e) {
        throw CliException.usage("--phase: \"" + phase + "\" is not a phase; use one of "
            + java.util.Arrays.toString(ReleasePhase.values()));
      }
    }
    return q.toString();
  }
}
