package dev.shepherd.worker.reading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The schema files in schema/: valid schemas, the ones the examples name, and every example keeps to its own. */
class SchemaFilesTest {

  private static final Path EXAMPLES = Path.of("../examples");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyExampleNamesItsSchemaOnItsFirstLineForEditors_andKeepsToIt(Path example) throws IOException {
    String first = Files.readAllLines(example).get(0);
    assertThat(first).matches("# yaml-language-server: \\$schema=\\.\\./schema/(release|policy)\\.schema\\.json");
    String name = first.substring(first.lastIndexOf('/') + 1);
    assertThat(EXAMPLES.resolve(first.substring(first.indexOf('=') + 1))).exists();

    List<Error> errors = DocumentSchema.load(name).errors(YAML.readTree(example.toFile()));

    assertThat(errors).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"release.schema.json", "policy.schema.json"})
  void eachSchemaIsAValidDraft2020_12Schema(String name) throws IOException {
    JsonNode schema = new ObjectMapper().readTree(Path.of("../schema", name).toFile());
    var metaSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    assertThat(metaSchema.validate(schema)).isEmpty();
  }

  @Test
  void theClasspathCopyIsTheRepositorysOwn() throws IOException {
    for (String name : List.of("release.schema.json", "policy.schema.json")) {
      try (var in = DocumentSchema.class.getResourceAsStream("/schema/" + name)) {
        assertThat(in).as(name).isNotNull();
        assertThat(in.readAllBytes()).as(name).isEqualTo(Files.readAllBytes(Path.of("../schema", name)));
      }
    }
  }
}
