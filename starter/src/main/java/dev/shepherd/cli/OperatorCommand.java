package dev.shepherd.cli;

import dev.shepherd.release.ReleaseWorkflow;
import dev.shepherd.worker.TemporalConnection;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
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

  /** Checks the inputs, runs the update and prints what it did; nothing is sent when an input is refused. */
  <T> int act(String verb, BiFunction<ReleaseWorkflow, String, T> update) {
    boolean json = global.json();
    String workflowId = workflowId(id);
    String who = actor();
    try (TemporalConnection temporal = connect()) {
      ReleaseWorkflow release = release(temporal, workflowId);
      T result;
      try {
        result = bounded(() -> update.apply(release, who));
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
    if (result instanceof dev.shepherd.release.GateStatus g) {
      return "gate " + g.name() + " " + g.state();
    }
    if (result instanceof dev.shepherd.release.ActionResult a) {
      return a.message();
    }
    return String.valueOf(result);
  }
}
