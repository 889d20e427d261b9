package dev.shepherd.e2e;

import java.time.Duration;

/**
 * The real Temporal cluster the cluster tests run against (scripts/cluster.sh: four server processes on
 * PostgreSQL): the one named by SHEPHERD_CLUSTER_TEMPORAL (scripts/cluster-test.sh starts it), or else started
 * here with the same script and stopped when the JVM exits. moto comes from {@link E2eEnvironment}.
 */
final class ClusterEnvironment {

  private static final String SCRIPT = "scripts/cluster.sh";
  private static String address;

  private ClusterEnvironment() {}

  static synchronized String temporalAddress() {
    if (address == null) {
      String named = System.getenv("SHEPHERD_CLUSTER_TEMPORAL");
      if (named != null && !named.isBlank()) {
        address = named;
      } else {
        // The first start on a machine builds the server from its Go module (minutes).
        String out = E2eEnvironment.run(SCRIPT, Duration.ofMinutes(20), "start");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> E2eEnvironment.run(SCRIPT, Duration.ofMinutes(2), "stop")));
        address = out.lines().filter(l -> l.startsWith("SHEPHERD_CLUSTER_TEMPORAL=")).findFirst()
            .map(l -> l.substring(l.indexOf('=') + 1).trim())
            .orElseThrow(() -> new IllegalStateException("scripts/cluster.sh start named no frontend:\n" + out));
      }
    }
    return address;
  }

  /** Starts whatever of the cluster is not running (after a test that failed half-way through a fault). */
  static void ensureUp() {
    E2eEnvironment.run(SCRIPT, Duration.ofMinutes(3), "start");
  }

  /** SIGKILLs one of the cluster's services: frontend, history, matching, worker or postgres. */
  static void kill(String service) {
    E2eEnvironment.run(SCRIPT, Duration.ofMinutes(1), "kill", service);
  }

  /** Starts a killed service again (or stops and starts a running one); returns once it has stayed up. */
  static void restart(String service) {
    E2eEnvironment.run(SCRIPT, Duration.ofMinutes(2), "restart", service);
  }
}
