package dev.shepherd.worker;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.shepherd.spec.SpecProblem;
import dev.shepherd.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads release specs from YAML or JSON files (JSON is YAML, so one parser reads both) and validates
 * them, returning every problem at once.
 */
public final class SpecFiles {

  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

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
      document = YAML.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? source : source + ":" + at.getLineNr() + ":" + at.getColumnNr();
      return failed(where, "not valid YAML or JSON: " + e.getOriginalMessage());
    }
    if (document == null) {
      return failed(source, "is empty");
    }
    return SpecReader.read(document);
  }

  private static SpecReader.Result failed(String where, String message) {
    return new SpecReader.Result(null, List.of(new SpecProblem(where, message)));
  }
}
