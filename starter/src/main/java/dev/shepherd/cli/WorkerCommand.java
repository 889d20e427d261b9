package dev.shepherd.cli;

import dev.shepherd.notify.NotificationSettings;
import dev.shepherd.release.ReleaseIds;
import dev.shepherd.sim.SimulatedCloud;
import dev.shepherd.spec.Durations;
import dev.shepherd.worker.Provider;
import dev.shepherd.worker.ShepherdWorker;
import dev.shepherd.worker.TemporalConnection;
import dev.shepherd.worker.WorkerMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.shepherd.proof.IdentityVerifier;
import dev.shepherd.worker.policy.PolicyException;
import dev.shepherd.worker.policy.PolicyIdentity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "worker", description = "Run a worker: the release workflows and a provider's activities, until "
    + "SIGTERM or Ctrl-C (then it stops polling and lets running activities finish within the grace period).")
final class WorkerCommand extends BaseCommand {

  @Option(names = "--provider", paramLabel = "aws|sim", defaultValue = "aws",
      description = "aws, or sim for the simulated cloud (default ${DEFAULT-VALUE})")
  String provider;

  @Option(names = "--task-queue", paramLabel = "Q", defaultValue = ReleaseIds.DEFAULT_TASK_QUEUE,
      description = "task queue to poll (default ${DEFAULT-VALUE})")
  String taskQueue;

  @Option(names = "--metrics-port", paramLabel = "P", description = "serve Prometheus metrics at http://HOST:P/metrics")
  Integer metricsPort;

  @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "address the metrics endpoint binds to (default ${DEFAULT-VALUE}; 0.0.0.0 in containers)")
  String metricsHost;

  @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "30s",
      description = "how long running activities may finish after SIGTERM (default ${DEFAULT-VALUE})")
  String grace;

  @Option(names = "--policy", paramLabel = "FILE",
      description = "the release policy: who may start and approve which application, how people prove who they are "
          + "(ssh, aws), minimum bakes and allowed resources (see examples/policy.yaml). Without one, names are taken "
          + "as given and every decision is marked UNVERIFIED (env SHEPHERD_POLICY)")
  String policy;

  @Option(names = "--webhook", paramLabel = "NAME=URL",
      description = "a Slack-compatible incoming webhook that release specs name in notifications.webhook; repeat for "
          + "more. Its URL is a secret: it is never printed, logged or put in a release's history. Prefer env "
          + "SHEPHERD_WEBHOOKS (NAME=URL,NAME=URL), which the process list does not show; --webhook replaces it")
  List<String> webhooks;

  @Option(names = "--web-ui", paramLabel = "URL",
      description = "the Temporal Web UI that notifications link to, like https://temporal.example.com (env "
          + "SHEPHERD_WEB_UI, else --ui-url or SHEPHERD_UI_URL; default: no link)")
  String webUi;

  @Option(names = "--sim-latency", paramLabel = "DURATION", hidden = true, defaultValue = "0s",
      description = "with --provider sim: how long every simulated call takes")
  String simLatency;

  @Override
  public Integer call() throws IOException, InterruptedException {
    global.json();
    Provider chosen = Provider.parse(provider);
    Duration graceperiod = Durations.parse(grace).filter(d -> !d.isNegative())
        .orElseThrow(() -> CliException.usage("--grace: \"" + grace + "\" is not a duration (e.g. 30s)"));
    Duration latency = Durations.parse(simLatency).filter(d -> !d.isNegative())
        .orElseThrow(() -> CliException.usage("--sim-latency: \"" + simLatency + "\" is not a duration"));
    if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
      throw CliException.usage("--metrics-port: " + metricsPort + " is not a port");
    }
    String policyFile = policy != null ? policy : context.env().get("SHEPHERD_POLICY");
    PolicyIdentity rules = null;
    if (policyFile != null && !policyFile.isBlank()) {
      try {
        rules = PolicyIdentity.load(Path.of(policyFile));
      } catch (PolicyException e) {
        throw CliException.usage("--policy: " + e.getMessage());
      } catch (java.nio.file.InvalidPathException e) {
        throw CliException.usage("--policy: \"" + policyFile + "\" is not a path");
      }
    }
    Map<String, URI> webhookUrls = webhooks();
    URI notificationLinks = webUi();
    WorkerMetrics metrics = metricsPort == null ? null : new WorkerMetrics(metricsHost, metricsPort);
    try (TemporalConnection temporal = TemporalConnection.open(global.connection(), context.env(),
        metrics == null ? null : metrics.scope()).ensureReachable()) {
      ShepherdWorker worker = new ShepherdWorker(temporal.client(), taskQueue,
          chosen.activities(context.env(), SimulatedCloud.autoProvisioned().latency(latency),
              NotificationSettings.of(webhookUrls, notificationLinks, temporal.address(), temporal.namespace())),
          rules == null ? IdentityVerifier.withoutPolicy() : new IdentityVerifier(rules, Clock.systemUTC())).start();
      print(rules == null
          ? "worker: no release policy (--policy): names are taken as given and every decision is marked UNVERIFIED"
          : "worker: release policy " + rules.policy().source() + " (" + rules.digest() + "); proofs accepted: "
              + String.join(", ", rules.acceptedMethods()));
      print(chosen == Provider.SIM ? "worker: notifications are simulated (recorded, not sent)"
          : webhookUrls.isEmpty() && notificationLinks == null
          ? "worker: notifications to SNS topics only (no --webhook, no --web-ui)"
          : "worker: notifications to " + (webhookUrls.isEmpty() ? "SNS topics" : "SNS topics and webhooks "
              + String.join(", ", webhookUrls.keySet()) + " (URLs not shown)")
              + (notificationLinks == null ? ", without Web UI links (--web-ui)" : ", linking to " + notificationLinks));
      print("worker polling " + taskQueue + " on " + temporal.address() + " (namespace " + temporal.namespace()
          + ", provider " + chosen.name().toLowerCase(java.util.Locale.ROOT) + ")"
          + (metrics != null ? "; metrics at http://" + metricsHost + ":" + metrics.port() + "/metrics" : ""));
      CountDownLatch stop = new CountDownLatch(1);
      Signal.handle(new Signal("TERM"), s -> stop.countDown());
      Signal.handle(new Signal("INT"), s -> stop.countDown());
      stop.await();
      boolean clean = worker.shutdown(graceperiod);
      print(clean ? "worker stopped" : "worker stopped; some tasks did not finish within " + grace);
      return ExitCodes.OK;
    } finally {
      if (metrics != null) {
        metrics.close();
      }
    }
  }

  /**
   * The webhooks, by name: from {@code --webhook}, else from {@code SHEPHERD_WEBHOOKS}. Every problem exits 2 naming
   * the option (or the variable) and the webhook, never its URL.
   */
  private Map<String, URI> webhooks() {
    List<String> given;
    String where;
    if (webhooks != null && !webhooks.isEmpty()) {
      given = webhooks;
      where = "--webhook";
    } else {
      String fromEnv = context.env().get("SHEPHERD_WEBHOOKS");
      if (fromEnv == null || fromEnv.isBlank()) {
        return Map.of();
      }
      given = new ArrayList<>();
      for (String entry : fromEnv.split(",")) {
        if (!entry.isBlank()) {
          given.add(entry);
        }
      }
      where = "SHEPHERD_WEBHOOKS";
    }
    Map<String, URI> out = new LinkedHashMap<>();
    for (String entry : given) {
      Map.Entry<String, URI> webhook;
      try {
        webhook = NotificationSettings.parseWebhook(entry);
      } catch (IllegalArgumentException e) {
        throw CliException.usage(where + ": " + e.getMessage());
      }
      if (out.putIfAbsent(webhook.getKey(), webhook.getValue()) != null) {
        throw CliException.usage(where + ": webhook " + webhook.getKey() + " is given twice; give each name once");
      }
    }
    return out;
  }

  /** The Web UI that notifications link to; null for none. */
  private URI webUi() {
    String where = "--web-ui";
    String url = webUi;
    if (url == null) {
      where = "SHEPHERD_WEB_UI";
      url = context.env().get("SHEPHERD_WEB_UI");
    }
    if (url == null || url.isBlank()) {
      String shared = WebUi.configured(global.uiUrl, context.env());
      return shared == null ? null : URI.create(shared);
    }
    try {
      URI uri = new URI(url.strip());
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getQuery() == null && uri.getFragment() == null) {
        return uri;
      }
    } catch (URISyntaxException invalid) {
      // said below
    }
    throw CliException.usage(where + ": \"" + url + "\" is not the http(s) URL of a Web UI, e.g. https://temporal.example.com");
  }
}
