package dev.shepherd.release;

import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.spec.Durations;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.WaveSpec;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.util.stream.Collectors;

/** Starts releases with the options every caller must agree on: id, reuse policy, attributes, summary. */
public final class ReleaseClient {

  private final WorkflowClient client;
  private final String taskQueue;

  public ReleaseClient(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  /**
   * Starts a release.
   *
   * @throws ReleaseAlreadyStartedException when the same application and version is running or was
   *     released
   */
  public WorkflowExecution start(ReleaseRequest request) {
    ReleaseWorkflow stub = client.newWorkflowStub(ReleaseWorkflow.class, options(request));
    try {
      return WorkflowClient.start(stub::run, request);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new ReleaseAlreadyStartedException(e.getExecution().getWorkflowId(), e);
    }
  }

  /** A stub for a running or finished release. */
  public ReleaseWorkflow release(String workflowId) {
    return client.newWorkflowStub(ReleaseWorkflow.class, workflowId);
  }

  /** The options a release is started with. */
  public WorkflowOptions options(ReleaseRequest request) {
    ReleaseSpec spec = request.spec();
    String id = ReleaseIds.release(spec.application(), request.version());
    return WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(taskQueue)
        // A rolled-back release ends failed and may be run again; a running or released one may not.
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(ReleaseSearchAttributes.APPLICATION, spec.application())
            .set(ReleaseSearchAttributes.VERSION, request.version())
            .set(ReleaseSearchAttributes.PHASE, ReleasePhase.PREFLIGHT.name())
            .set(ReleaseSearchAttributes.INITIATOR, request.initiator())
            .build())
        .setStaticSummary("Release " + spec.application() + " " + request.version() + " by " + request.initiator())
        .setStaticDetails(staticDetails(request))
        .build();
  }

  /** A markdown outline of the plan, shown on the workflow's page in the Web UI. */
  static String staticDetails(ReleaseRequest request) {
    ReleaseSpec spec = request.spec();
    StringBuilder sb = new StringBuilder();
    sb.append("**").append(spec.application()).append(' ').append(request.version()).append("** started by ")
        .append(request.initiator()).append("\n\n");
    if (spec.deploy() != null && spec.deploy().lambda() != null) {
      sb.append("Lambda `").append(spec.deploy().lambda().function()).append(':')
          .append(spec.deploy().lambda().alias()).append('`');
      if (spec.deploy().canary() != null) {
        sb.append(", canary ").append(spec.deploy().canary().weight()).append(" for ")
            .append(Durations.format(spec.deploy().canary().duration()));
      }
      sb.append("\n\n");
    }
    int i = 1;
    for (WaveSpec w : spec.waves()) {
      sb.append(i++).append(". wave `").append(w.name()).append("`: ")
          .append(w.regions().stream().map(Object::toString).collect(Collectors.joining(", ")))
          .append(", bake ").append(Durations.format(w.bake()));
      if (w.approvalRequired()) {
        sb.append(", approval required");
      }
      sb.append('\n');
    }
    if (spec.flag() != null) {
      sb.append(i).append(". flag ").append(spec.flag().describe()).append(" = `").append(spec.flag().value())
          .append("`, bake ").append(Durations.format(spec.flag().bake()));
      if (spec.flag().approvalRequired()) {
        sb.append(", approval required");
      }
      sb.append('\n');
    }
    if (!spec.alarms().isEmpty()) {
      sb.append("\nAlarms: ").append(String.join(", ", spec.alarms())).append('\n');
    }
    if (!spec.approvers().isEmpty()) {
      sb.append("Approvers: ").append(String.join(", ", spec.approvers())).append('\n');
    }
    return sb.toString();
  }
}
