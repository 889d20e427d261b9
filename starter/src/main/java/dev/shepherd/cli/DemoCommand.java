package dev.shepherd.cli;

import dev.shepherd.release.operator.GateDecision;
import dev.shepherd.release.ReleaseClient;
import dev.shepherd.release.ReleaseIds;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.ReleaseRequest;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.release.ReleaseWorkflow;
import dev.shepherd.cloud.HookPoint;
import dev.shepherd.sim.CanaryDegradation;
import dev.shepherd.sim.SimProvider;
import dev.shepherd.sim.SimulatedCloud;
import dev.shepherd.sim.CloudCall;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.worker.ConnectionSettings;
import dev.shepherd.worker.EmbeddedTemporal;
import dev.shepherd.worker.ShepherdWorker;
import dev.shepherd.worker.SpecFiles;
import dev.shepherd.worker.SpecReader;
import dev.shepherd.worker.TemporalConnection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Everything in one process: an embedded Temporal server, a worker on a "
    + "simulated cloud, and a sample release with second-scale bakes, shown live.")
final class DemoCommand extends BaseCommand {

  private static final String VERSION = "1.4.2";

  @Option(names = "--auto-approve", description = "approve gates as a second user instead of waiting for you")
  boolean autoApprove;

  @Option(names = "--fail-in", paramLabel = "REGION",
      description = "make the release fail in this region (how: --fail-by), so that you see it roll back")
  String failIn;

  /** How {@code --fail-in} makes a region fail. */
  enum FailBy { analysis, alarm, hook }

  @Option(names = "--fail-by", paramLabel = "analysis|alarm|hook", defaultValue = "analysis",
      description = "analysis (default): the region's canary serves 5% errors, three times slower, and canary "
          + "analysis fails it; alarm: an alarm fires during its canary; hook: its smoke test fails")
  FailBy failBy;

  @Option(names = "--port", paramLabel = "P", defaultValue = "0",
      description = "port of the embedded Temporal server (default: a free one)")
  int port;

  @Override
  public Integer call() throws IOException {
    boolean json = global.json();
    TextStyle style = global.style(context);
    ReleaseSpec spec = demoSpec();
    Region failRegion = null;
    if (failIn != null) {
      failRegion = Region.of(failIn);
      if (!spec.allRegions().contains(failRegion)) {
        throw CliException.usage("--fail-in: \"" + failIn + "\" is not a region of the demo (regions: "
            + String.join(", ", spec.allRegions().stream().map(Region::code).toList()) + ")");
      }
    }
    if (port < 0 || port > 65535) {
      throw CliException.usage("--port: " + port + " is not a port");
    }
    String initiator = context.osUser() == null ? "you" : context.osUser();
    String approver = initiator.equals("alice") ? "bob" : "alice";
    // 1,000 requests a second: enough for canary analysis to judge each second of a 10% canary.
    SimulatedCloud cloud = SimulatedCloud.forSpec(spec).latency(Duration.ofMillis(150)).requestsPerMinute(60_000);
    if (failRegion != null && failBy == FailBy.alarm) {
      cloud.tripAlarm(failRegion, spec.alarms().get(0), CloudCall.ROUTE_CANARY, failRegion, Duration.ofSeconds(1));
    } else if (failRegion != null && failBy == FailBy.hook) {
      cloud.failHook(failRegion, HookPoint.AFTER_TRAFFIC, "3 of 12 checkout checks failed (simulated)");
    } else if (failRegion != null) {
      cloud.degradeCanary(failRegion, CanaryDegradation.clearlyWorse());
    }
    DemoLogFile log = DemoLogFile.open();
    try {
      return run(spec, failRegion, initiator, approver, cloud, json, style);
    } finally {
      log.close();
      context.err().println("shepherd: the demo's log (its worker and the Temporal SDK) is in " + log.path());
    }
  }

  private int run(ReleaseSpec spec, Region failRegion, String initiator, String approver, SimulatedCloud cloud,
      boolean json, TextStyle style) throws IOException {
    try (EmbeddedTemporal server = EmbeddedTemporal.start(port);
        TemporalConnection temporal = TemporalConnection.open(ConnectionSettings.address(server.address()),
            java.util.Map.of(), null).ensureReachable()) {
      ShepherdWorker worker = new ShepherdWorker(temporal.client(), ReleaseIds.DEFAULT_TASK_QUEUE,
          SimProvider.activities(cloud)).start();
      try {
        String id = new ReleaseClient(temporal.client(), ReleaseIds.DEFAULT_TASK_QUEUE)
            .start(new ReleaseRequest(spec, VERSION, initiator, null)).getWorkflowId();
        if (!json) {
          print("Embedded Temporal at " + server.address() + " (in memory; gone when the demo ends)");
          print("Release " + id + " of " + spec.application() + " started by " + initiator
              + " on a simulated cloud" + (failRegion == null ? ""
                  : failBy == FailBy.alarm ? "; an alarm will fire in " + failRegion
                  : failBy == FailBy.hook ? "; its smoke test will fail in " + failRegion
                  : "; its canary in " + failRegion + " will be worse than the version it replaces"));
          print("");
        }
        ReleaseWorkflow release = temporal.client().newWorkflowStub(ReleaseWorkflow.class, id);
        Set<String> approved = new HashSet<>();
        // The approve command, with the embedded server's port and an approver other than the initiator, is
        // shown in the waiting gate's row: the live view keeps it on every redraw.
        Watch.Header header = new Watch.Header(server.address() + " (embedded, in memory; gone when the demo ends)",
            null, OperatorCommands.of(context, server.address(), "default", null, approver), true);
        Watch watch = new Watch(context, json ? GlobalOptions.Format.JSON : GlobalOptions.Format.TEXT, style, header);
        return watch.follow(release::status, Duration.ofMillis(500), status -> {
          String gate = waitingGate(status);
          if (autoApprove && gate != null && approved.add(gate)) {
            release.approve(new GateDecision(gate, approver, "approved by the demo (--auto-approve)"));
          }
        });
      } finally {
        worker.shutdown(Duration.ofSeconds(5));
      }
    }
  }

  private static String waitingGate(ReleaseStatus status) {
    if (status.phase() != ReleasePhase.AWAITING_APPROVAL && status.phase() != ReleasePhase.AWAITING_FLAG_APPROVAL) {
      return null;
    }
    return status.gates().stream().filter(g -> g.state() == dev.shepherd.release.status.GateState.WAITING)
        .map(g -> g.name()).findFirst().orElse(null);
  }

  private static ReleaseSpec demoSpec() throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream("/demo.yaml")) {
      if (in == null) {
        throw new IllegalStateException("demo.yaml is missing from the jar");
      }
      SpecReader.Result result = SpecFiles.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo.yaml");
      if (!result.ok()) {
        throw new IllegalStateException("the bundled demo spec is invalid: " + result.problems());
      }
      return result.spec();
    }
  }
}
