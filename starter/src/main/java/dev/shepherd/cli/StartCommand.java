package dev.shepherd.cli;

import dev.shepherd.identity.Proof;
import dev.shepherd.proof.Statements;
import dev.shepherd.release.lock.LockDecision;
import dev.shepherd.release.ReleaseAlreadyStartedException;
import dev.shepherd.release.ReleaseClient;
import dev.shepherd.release.ReleaseIds;
import dev.shepherd.release.ReleaseRequest;
import dev.shepherd.release.ReleaseWorkflow;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.worker.TemporalConnection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "start", description = "Start a release; print its id and Web UI link. One release per "
    + "application runs at a time: while one runs, start is refused unless --queue is given.")
final class StartCommand extends BaseCommand {

  /** How long start waits for a worker to take the release up and say what it found at the lock. */
  static final Duration LOCK_DECISION_WAIT = Duration.ofSeconds(20);

  @Mixin
  SpecOption spec = new SpecOption();

  @Option(names = "--version", required = true, paramLabel = "V", description = "the version to release, e.g. 1.4.2")
  String version;

  @Option(names = "--initiator", paramLabel = "NAME",
      description = "who starts it (default: the OS user): at most 64 letters, digits, '.', '@', '_', '+' or '-'")
  String initiator;

  @Mixin
  IdentityOptions identity = new IdentityOptions();

  @Option(names = "--source-version", paramLabel = "REF", description = "source revision to build (default: the version)")
  String sourceVersion;

  @Option(names = "--task-queue", paramLabel = "Q", defaultValue = ReleaseIds.DEFAULT_TASK_QUEUE,
      description = "task queue of the workers (default ${DEFAULT-VALUE})")
  String taskQueue;

  @Option(names = "--wait", description = "follow the release until it ends, like watch")
  boolean waitForEnd;

  @Option(names = "--queue", description = "if a release of the application is running, wait for it to end and "
      + "then run this one (default: refuse to start)")
  boolean queue;

  @Override
  public Integer call() {
    boolean json = global.json();
    TextStyle style = global.style(context);
    ReleaseSpec s = spec.load(context);
    if (!ReleaseIds.isValidVersion(version)) {
      throw CliException.usage("--version: \"" + version + "\" must be 1-64 letters, digits, '.', '_', '+' or '-'");
    }
    String who = initiator != null ? initiator : context.osUser();
    if (who == null || who.isBlank()) {
      throw CliException.usage("--initiator: cannot tell who you are; give --initiator NAME");
    }
    Inputs.principal("--initiator", who, initiator == null);
    identity.check(context);
    String ui = WebUi.configured(global.uiUrl, context.env());
    try (TemporalConnection temporal = connect()) {
      LockCheck.Holder holder = LockCheck.holder(temporal.client(), s.application());
      // The same release again is told so by the start itself.
      if (holder != null && !queue && !holder.releaseId().equals(ReleaseIds.release(s.application(), version))) {
        throw CliException.usage(refusal(s.application(), holder.toString()));
      }
      String id;
      try {
        String releaseId = ReleaseIds.release(s.application(), version);
        ReleaseRequest request = new ReleaseRequest(s, version, who, sourceVersion, queue);
        Proof proof = identity.prove(context, Statements.start(temporal.namespace(), releaseId, request, who,
            identity.expiry(context)));
        id = new ReleaseClient(temporal.client(), taskQueue)
            .start(new ReleaseRequest(s, version, who, sourceVersion, queue, proof)).getWorkflowId();
      } catch (ReleaseAlreadyStartedException e) {
        throw CliException.usage(e.getMessage());
      }
      // Two starts at once both get past the check above; the release itself takes the lock, and says so.
      LockDecision decision = LockCheck.decision(temporal.client(), id, LOCK_DECISION_WAIT);
      if (decision != null && LockDecision.REFUSED.equals(decision.outcome())) {
        throw CliException.usage(refusal(s.application(), decision.holder() == null ? "another release"
            : decision.holder()) + " (" + id + " was started and ended at once, having changed nothing.)");
      }
      String link = WebUi.workflowLink(ui, temporal.address(), temporal.namespace(), id);
      if (json && !waitForEnd) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflowId", id);
        out.put("webUi", link);
        if (decision != null && LockDecision.QUEUED.equals(decision.outcome())) {
          out.put("queuedBehind", decision.holder());
        }
        print(Json.write(out));
      } else if (!json) {
        print("started " + id);
        if (decision != null && LockDecision.QUEUED.equals(decision.outcome())) {
          print("queued  behind " + decision.holder() + "; it starts when that release ends");
        } else if (decision == null) {
          print("waiting no worker has taken it up yet (task queue " + taskQueue + ")");
        }
        print("web UI  " + link);
      }
      if (!waitForEnd) {
        return ExitCodes.OK;
      }
      ReleaseWorkflow release = temporal.client().newWorkflowStub(ReleaseWorkflow.class, id);
      Watch watch = new Watch(context, json ? GlobalOptions.Format.JSON : GlobalOptions.Format.TEXT, style,
          Watch.Header.of(context, global, temporal, id, true));
      return watch.follow(release::status, Duration.ofSeconds(1), status -> { });
    }
  }

  private static String refusal(String application, String holder) {
    return "application " + application + " has a release running: " + holder + ". One release per application "
        + "at a time: wait for it to end, or start this one with --queue to run it when that one ends.";
  }
}
