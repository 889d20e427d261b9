package dev.shepherd.cli;

import dev.shepherd.release.ReleaseWorkflow;
import dev.shepherd.worker.TemporalConnection;
import dev.shepherd.identity.Proof;
import dev.shepherd.identity.Statement;
import dev.shepherd.proof.Statements;
import dev.shepherd.release.status.ReleaseStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** An operator's action on a release, through a Workflow Update: a refusal prints the reason and exits 2. */
abstract class OperatorCommand extends BaseCommand {

  @Spec
  CommandSpec command;

  @Parameters(paramLabel = "ID", description = "workflow id, or APP/VERSION")
  String id;

  @Mixin
  IdentityOptions identity = new IdentityOptions();

  @Option(names = "--as", paramLabel = "NAME",
      description = "who acts (default: the OS user): at most 64 letters, digits, '.', '@', '_', '+' or '-'")
  String actor;

  /** Who acts: {@code --as}, or the OS user; exit 2 naming {@code --as} when it is not a name. */
  String actor() {
    if (actor != null) {
      return Inputs.principal("--as", actor, false);
    }
    String who = context.osUser();
    if (who == null || who.isBlank()) {
      throw CliException.usage("--as: cannot tell who you are; give --as NAME");
    }
    return Inputs.principal("--as", who, true);
  }

  /** A reason or comment given with {@code -m}: one line, at most 1000 characters (exit 2 otherwise). */
  static String message(String option, String text) {
    return Inputs.text(option, text);
  }

  /** An update, sent with the sender's name, the gate it is about (or null) and the proof (or null). */
  interface Update<T> {
    T send(ReleaseWorkflow release, String who, String gate, Proof proof);
  }

  /** What a message is, for its signed statement. */
  record Message(String action, String gate, String comment) {}

  /**
   * Checks the inputs, signs the statement (with {@code --identity ssh} or {@code aws}), runs the update and
   * prints what it did; nothing is sent when an input is refused.
   */
  <T> int act(String verb, Message message, Update<T> update) {
    boolean json = global.json();
    String workflowId = workflowId(id);
    String who = actor();
    identity.check(context);
    try (TemporalConnection temporal = connect()) {
      ReleaseWorkflow release = release(temporal, workflowId);
      Signed signed = sign(temporal, release, workflowId, who, message);
      if (printSignal()) {
        return printSignal(temporal, workflowId, who, message, signed);
      }
      T result;
      try {
        result = bounded(() -> update.send(release, who, signed.gate(), signed.proof()));
      } catch (WorkflowException e) {
        if (!notFound(e)) {
          throw e;
        }
        // An ended release takes no updates, and the server answers as if it did not exist.
        ReleaseLookup.howItEnded(temporal, workflowId).ifPresent(end -> {
          throw CliException.usage("release " + workflowId.replaceFirst("^release/", "") + " has ended (" + end
              + "); nothing to " + infinitive());
        });
        throw e;
      }
      if (json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflowId", workflowId);
        out.put("action", verb);
        out.put("actor", who);
        out.put("result", result);
        print(Json.write(out));
      } else {
        print(verb + " " + workflowId + " as " + who + ": " + describe(result));
      }
      return ExitCodes.OK;
    }
  }

  /** Whether to print the signal that does this (for the Temporal UI or CLI) instead of sending it. */
  boolean printSignal() {
    return false;
  }

  /** The signal that does what this command does, or null when there is none. */
  String signalName() {
    return null;
  }

  /**
   * Prints the signal's JSON payload on stdout (to paste into the Temporal UI's signal dialog) and the
   * {@code temporal workflow signal} command that sends it on stderr; sends nothing.
   */
  private int printSignal(TemporalConnection temporal, String workflowId, String who, Message m, Signed signed) {
    Object payload = m.action().equals("abort") ? new dev.shepherd.release.operator.OperatorAction(who, m.comment(),
        signed.proof()) : new dev.shepherd.release.operator.GateDecision(signed.gate(), who, m.comment(), signed.proof());
    String json;
    try {
      json = io.temporal.common.converter.JacksonJsonPayloadConverter.newDefaultObjectMapper().writeValueAsString(payload);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    print(json);
    context.err().println("send it with: temporal workflow signal --address " + temporal.address() + " --namespace "
        + temporal.namespace() + " --workflow-id " + workflowId + " --name " + signalName() + " --input '"
        + json.replace("'", "'\\''") + "'" + (signed.proof() == null ? "" : "   (valid for "
        + IdentityOptions.VALID_FOR.toMinutes() + " minutes, once)"));
    return ExitCodes.OK;
  }

  /** The message's gate (the one waiting when none was named) and its proof. */
  record Signed(String gate, Proof proof) {}

  /**
   * Signs what the message says, bound to the release's namespace, workflow id, run, gate and artifact,
   * which are read from the release first; {@code insecure} signs nothing.
   */
  Signed sign(TemporalConnection temporal, ReleaseWorkflow release, String workflowId, String who, Message m) {
    if (Proof.INSECURE.equals(identity.method(context))) {
      return new Signed(m.gate(), null);
    }
    String runId;
    ReleaseStatus status;
    try {
      runId = temporal.client().getWorkflowServiceStubs().blockingStub()
          .withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS)
          .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
              .setNamespace(temporal.namespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
              .build())
          .getWorkflowExecutionInfo().getExecution().getRunId();
      status = bounded(release::status);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw CliException.usage("ID: no release " + workflowId + " in namespace " + temporal.namespace());
      }
      throw e;
    }
    String gate = m.gate();
    if (gate == null && m.action().matches("approve|reject")) {
      gate = status.gates().stream().filter(g -> g.state() == dev.shepherd.release.status.GateState.WAITING)
          .map(dev.shepherd.release.status.GateStatus::name).findFirst().orElse(null);
    }
    Statement statement = Statements.action(temporal.namespace(), workflowId, runId, m.action(), gate,
        status.artifactSha256(), who, m.comment(), identity.expiry(context));
    return new Signed(gate, identity.prove(context, statement));
  }

  private static boolean notFound(WorkflowException e) {
    return e instanceof WorkflowNotFoundException
        || e.getCause() instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND;
  }

  /** The action as a verb, e.g. {@code abort}, {@code roll back}. */
  private String infinitive() {
    String name = command.name();
    return name.equals("rollback") ? "roll back" : name;
  }

  /** How long an action may wait for a worker to take it. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  /** An update waits for a worker to run it; with none running it would wait forever. */
  private static <T> T bounded(java.util.function.Supplier<T> call) {
    var future = java.util.concurrent.CompletableFuture.supplyAsync(call);
    try {
      return future.get(ANSWER_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      future.cancel(true);
      throw new CliException(ExitCodes.RELEASE_FAILED, "no worker answered within " + ANSWER_TIMEOUT.toSeconds()
          + "s: is a worker running on the release's task queue? (nothing was recorded unless it answers later)");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.RELEASE_FAILED, "interrupted");
    }
  }

  private static String describe(Object result) {
    if (result instanceof dev.shepherd.release.status.GateStatus g) {
      return "gate " + g.name() + " " + g.state();
    }
    if (result instanceof dev.shepherd.release.operator.ActionResult a) {
      return a.message();
    }
    return String.valueOf(result);
  }
}
