package dev.shepherd.worker;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.shepherd.spec.SpecProblem;
import dev.shepherd.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads release specs from YAML or JSON files (JSON is YAML, so one parser reads both; JSON indented
 * with tabs, which YAML refuses, is read as JSON) and validates them, returning every problem at once.
 */
public final class SpecFiles {

  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** For JSON that the YAML parser refuses: YAML does not allow tabs where JSON does. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private SpecFiles() {}

  /** Reads and validates a spec file; a file that cannot be read is reported as a problem. */
  public static SpecReader.Result load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return failed(file.toString(), "file not found");
    } catch (IOException e) {
      return failed(file.toString(), "cannot read: " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  /** Parses and validates spec text; {@code source} names it in messages. */
  public static SpecReader.Result parse(String text, String source) {
    Object document;
    try {
      document = document(text);
    } catch (JsonProcessingException e) {
      return failed(where(e, source), "not valid YAML or JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return failed(source, "cannot read: " + e.getMessage());
    }
    // Nothing at all, only comments, a bare "---" or "~".
    if (document == null || "".equals(document)) {
      return failed(source, "is empty");
    }
    return SpecReader.read(document);
  }

  private static Object document(String text) throws IOException {
    if (text.stripLeading().startsWith("{")) {
      try {
        return JSON.readValue(text, Object.class);
      } catch (JsonProcessingException notJson) {
        // A YAML flow mapping, or broken: the YAML parser reads it or says what is wrong.
      }
    }
    try (JsonParser parser = YAML.createParser(text)) {
      return parser.nextToken() == null ? null : YAML.readValue(parser, Object.class);
    }
  }

  /** The source with the line and column of the problem (SnakeYAML's mark, else Jackson's location). */
  private static String where(JsonProcessingException e, String source) {
    if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
      return source + ":" + (m.getProblemMark().getLine() + 1) + ":" + (m.getProblemMark().getColumn() + 1);
    }
    JsonLocation at = e.getLocation();
    return at == null ? source : source + ":" + at.getLineNr() + ":" + at.getColumnNr();
  }

  private static SpecReader.Result failed(String where, String message) {
    return new SpecReader.Result(null, List.of(new SpecProblem(where, message)));
  }
}
