package dev.shepherd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * scripts/cluster.sh (the cluster built and run on this machine) and docker-compose.yml (the cluster a team runs
 * with Docker) run the same Temporal server, the same PostgreSQL major version, the same number of history shards
 * and register the same search attributes.
 */
class ClusterConfigTest {

  private static final Path ROOT = Path.of("..");

  @Test
  void theClusterScriptAndDockerComposeRunTheSameVersionsAndSettings() throws IOException {
    String script = Files.readString(ROOT.resolve("scripts/cluster.sh"));
    String compose = Files.readString(ROOT.resolve("docker-compose.yml"));

    String temporal = first(script, "(?m)^TEMPORAL_SERVER_VERSION=([0-9.]+)$");
    assertThat(first(compose, "image: temporalio/auto-setup:([0-9.]+)")).as("Temporal server").isEqualTo(temporal);
    assertThat(first(compose, "image: temporalio/admin-tools:([0-9.]+)-")).as("Temporal admin tools").isEqualTo(temporal);

    assertThat(first(compose, "image: postgres:([0-9]+)\\.")).as("PostgreSQL major version")
        .isEqualTo(first(script, "(?m)^POSTGRES_MAJOR=([0-9]+)$"));
    assertThat(first(compose, "NUM_HISTORY_SHARDS: \"([0-9]+)\"")).as("history shards")
        .isEqualTo(first(script, "(?m)^NUM_HISTORY_SHARDS=([0-9]+)$"));
    assertThat(Integer.parseInt(first(script, "(?m)^NUM_HISTORY_SHARDS=([0-9]+)$"))).isGreaterThanOrEqualTo(4);

    for (String attribute : new String[] {"ReleaseApplication", "ReleaseVersion", "ReleasePhase", "ReleaseInitiator"}) {
      assertThat(compose).as("docker-compose registers " + attribute).contains("--name " + attribute + " --type Keyword");
      assertThat(script).as("cluster.sh registers " + attribute).containsPattern("for attribute in [^;]*" + attribute);
    }
  }

  private static String first(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex).isTrue();
    return m.group(1);
  }
}
