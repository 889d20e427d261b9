package dev.shepherd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.shepherd.release.ReleaseSearchAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and the Dockerfile, checked as files (no Docker engine runs here): they parse, every
 * image is pinned, the worker points at the compose services, and the search attributes registered are
 * the ones the code publishes.
 */
class ComposeFileTest {

  private static final Path ROOT = Path.of("..");
  private static JsonNode compose;
  private static JsonNode services;

  @BeforeAll
  static void parse() throws IOException {
    compose = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
    services = compose.path("services");
  }

  @Test
  void itHasWhatATeamNeeds() {
    assertThat(names(services)).contains("postgresql", "temporal", "temporal-admin-tools", "temporal-ui", "moto", "worker");
  }

  @Test
  void everyImageIsPinnedToAVersion() throws IOException {
    List<String> images = new ArrayList<>();
    services.forEach(s -> {
      if (s.has("image")) {
        images.add(s.path("image").asText());
      }
    });
    Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(Files.readString(ROOT.resolve("Dockerfile")));
    while (from.find()) {
      images.add(from.group(1));
    }
    assertThat(images).hasSizeGreaterThanOrEqualTo(8).allSatisfy(image -> {
      assertThat(image).as(image).contains(":").doesNotEndWith(":latest");
      assertThat(image.substring(image.lastIndexOf(':') + 1)).as(image).matches(".*\\d.*");
    });
  }

  @Test
  void theWorkerIsBuiltHereAndPointsAtTheComposeServices() {
    JsonNode worker = services.path("worker");
    assertThat(worker.path("build").asText()).isEqualTo(".");
    JsonNode env = worker.path("environment");
    assertThat(env.path("TEMPORAL_ADDRESS").asText()).isEqualTo("temporal:7233");
    assertThat(env.path("SHEPHERD_AWS_ENDPOINT").asText()).isEqualTo("http://moto:5000");
    assertThat(services.path("temporal").path("ports").get(0).asText()).endsWith(":7233");
    assertThat(services.path("moto").path("command").toString()).contains("--port 5000").contains("--host 0.0.0.0");
    assertThat(worker.path("depends_on").path("temporal-admin-tools").path("condition").asText())
        .isEqualTo("service_completed_successfully");
    assertThat(worker.path("command").toString()).contains("--metrics-port").contains("9464");
    assertThat(services.path("temporal-ui").path("environment").path("TEMPORAL_ADDRESS").asText()).isEqualTo("temporal:7233");
  }

  @Test
  void theServicesOthersWaitForHaveHealthChecks() {
    for (String name : List.of("postgresql", "temporal", "moto", "worker")) {
      assertThat(services.path(name).path("healthcheck").path("test").isArray()).as(name).isTrue();
    }
  }

  @Test
  void theSearchAttributesRegisteredAreTheOnesTheCodeUses() {
    String command = services.path("temporal-admin-tools").path("command").toString();
    Matcher m = Pattern.compile("--name (\\w+) --type (\\w+)").matcher(command);
    List<String> registered = new ArrayList<>();
    while (m.find()) {
      assertThat(m.group(2)).isEqualTo("Keyword");
      registered.add(m.group(1));
    }
    assertThat(registered).containsExactlyInAnyOrderElementsOf(
        ReleaseSearchAttributes.ALL.stream().map(k -> k.getName()).toList());
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
