package dev.shepherd.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Temporal dev server and moto the end-to-end tests run against: the ones .ci/run started with
 * scripts/testenv.sh (named by SHEPHERD_E2E_TEMPORAL, SHEPHERD_E2E_UI and SHEPHERD_AWS_ENDPOINT), or else
 * started here with the same script and stopped when the JVM exits.
 */
final class E2eEnvironment {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static Map<String, String> env;

  private E2eEnvironment() {}

  static synchronized Map<String, String> variables() {
    if (env == null) {
      String temporal = System.getenv("SHEPHERD_E2E_TEMPORAL");
      if (temporal != null && !temporal.isBlank()) {
        env = Map.of("SHEPHERD_E2E_TEMPORAL", temporal, "SHEPHERD_E2E_UI", System.getenv("SHEPHERD_E2E_UI"),
            "SHEPHERD_AWS_ENDPOINT", System.getenv("SHEPHERD_AWS_ENDPOINT"));
      } else {
        env = start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> script("stop")));
      }
    }
    return env;
  }

  static String temporalAddress() {
    return variables().get("SHEPHERD_E2E_TEMPORAL");
  }

  static String webUi() {
    return variables().get("SHEPHERD_E2E_UI");
  }

  static String awsEndpoint() {
    return variables().get("SHEPHERD_AWS_ENDPOINT");
  }

  /** Stops and starts the dev server on the same database file. */
  /**
   * Ends (terminates) the release of the application a test left running, if any, so that the next test
   * can take the application's lock: the dev server is shared by every test.
   */
  static void endRunningRelease(io.temporal.client.WorkflowClient client, String application) {
    try {
      var lock = client.newUntypedWorkflowStub(dev.shepherd.release.ReleaseIds.lock(application)).describe();
      if (lock.getStatus() == io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
          && lock.getParentExecution() != null) {
        client.newUntypedWorkflowStub(lock.getParentExecution().getWorkflowId()).terminate("e2e test over");
      }
    } catch (io.temporal.client.WorkflowNotFoundException free) {
      // Nothing holds it.
    }
  }

  static void restartTemporal() {
    script("restart-temporal");
  }

  private static Map<String, String> start() {
    Map<String, String> vars = new HashMap<>();
    for (String line : script("start").split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0 && line.startsWith("SHEPHERD_")) {
        vars.put(line.substring(0, eq), line.substring(eq + 1).trim());
      }
    }
    return vars;
  }

  private static String script(String verb) {
    return run("scripts/testenv.sh", Duration.ofSeconds(120), verb);
  }

  /** Runs one of the repository's scripts to its end (bounded), and returns what it printed. */
  static String run(String script, Duration limit, String... args) {
    try {
      List<String> command = new ArrayList<>();
      command.add(ROOT.resolve(script).toString());
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      StringBuilder out = new StringBuilder();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          out.append(line).append('\n');
        }
      }
      if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(script + " " + String.join(" ", args) + " failed:\n" + out);
      }
      return out.toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
