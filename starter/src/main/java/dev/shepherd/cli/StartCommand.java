package dev.shepherd.cli;

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
import picocli.CommandLine.Option;

@Command(name = "start", description = "Start a release; print its id and Web UI link.")
final class StartCommand extends BaseCommand {

  @Mixin
  SpecOption spec = new SpecOption();

  @Option(names = "--version", required = true, paramLabel = "V", description = "the version to release, e.g. 1.4.2")
  String version;

  @Option(names = "--initiator", paramLabel = "NAME",
      description = "who starts it (default: the OS user): at most 64 letters, digits, '.', '@', '_', '+' or '-'")
  String initiator;

  @Option(names = "--source-version", paramLabel = "REF", description = "source revision to build (default: the version)")
  String sourceVersion;

  @Option(names = "--task-queue", paramLabel = "Q", defaultValue = ReleaseIds.DEFAULT_TASK_QUEUE,
      description = "task queue of the workers (default ${DEFAULT-VALUE})")
  String taskQueue;

  @Option(names = "--wait", description = "follow the release until it ends, like watch")
  boolean waitForEnd;

  @Override
  public Integer call() {
    boolean json = global.json();
    ReleaseSpec s = spec.load(context);
    if (!ReleaseIds.isValidVersion(version)) {
      throw CliException.usage("--version: \"" + version + "\" must be 1-64 letters, digits, '.', '_', '+' or '-'");
    }
    String who = initiator != null ? initiator : context.osUser();
    if (who == null || who.isBlank()) {
      throw CliException.usage("--initiator: cannot tell who you are; give --initiator NAME");
    }
    Inputs.principal("--initiator", who, initiator == null);
    try (TemporalConnection temporal = connect()) {
      String id;
      try {
        id = new ReleaseClient(temporal.client(), taskQueue)
            .start(new ReleaseRequest(s, version, who, sourceVersion)).getWorkflowId();
      } catch (ReleaseAlreadyStartedException e) {
        throw CliException.usage(e.getMessage());
      }
      String link = WebUi.workflowLink(context.env(), temporal.address(), temporal.namespace(), id);
      if (json && !waitForEnd) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflowId", id);
        out.put("webUi", link);
        print(Json.write(out));
      } else if (!json) {
        print("started " + id);
        print("web UI  " + link);
      }
      if (!waitForEnd) {
        return ExitCodes.OK;
      }
      ReleaseWorkflow release = temporal.client().newWorkflowStub(ReleaseWorkflow.class, id);
      return Watch.follow(release, context, json, Duration.ofSeconds(1));
    }
  }
}
