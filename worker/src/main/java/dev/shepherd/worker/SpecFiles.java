package dev.shepherd.worker;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.shepherd.spec.SpecProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads release specs from YAML or JSON files (JSON is YAML, so one parser reads both; JSON indented
 * with tabs, which YAML refuses, is read as JSON) and validates them, returning every problem at once.
 * A file that cannot be a spec (missing, not a regular file, over {@link #MAX_BYTES}, not UTF-8, not YAML)
 * is one problem whose path is the file, with the line and column when the parser gives them, and whose
 * message is one line.
 */
public final class SpecFiles {

  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** For JSON that the YAML parser refuses: YAML does not allow tabs where JSON does. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * The largest spec file read, in bytes (1 MiB). A release spec is a few kilobytes; a file hundreds of
   * times that is a mistake (a log, a build artifact), and reading it would only end in a parser error
   * deep inside it.
   */
  public static final int MAX_BYTES = 1024 * 1024;

  private SpecFiles() {}

  /** Reads and validates a spec file; a file that cannot be read is reported as a problem. */
  public static SpecReader.Result load(Path file) {
    String source = file.toString();
    // Decided before opening: opening a FIFO blocks until something writes to it, and a device such as
    // /dev/zero never ends.
    if (Files.isDirectory(file)) {
      return failed(source, "is a directory, not a spec file");
    }
    if (!Files.isRegularFile(file)) {
      return Files.exists(file)
          ? failed(source, "is not a regular file (a pipe, a device or a socket); give a spec file")
          : failed(source, "file not found");
    }
    String text;
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        return failed(source, tooLarge(size));
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        // Bounded even so: the file may have grown since its size was read.
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
      if (bytes.length > MAX_BYTES) {
        return failed(source, tooLarge(Files.size(file)));
      }
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (NoSuchFileException e) {
      return failed(source, "file not found");
    } catch (AccessDeniedException e) {
      return failed(source, "cannot read: permission denied");
    } catch (CharacterCodingException e) {
      return failed(source, "is not UTF-8 text");
    } catch (IOException e) {
      return failed(source, "cannot read: " + oneLine(String.valueOf(e.getMessage())));
    }
    return parse(text, source);
  }

  /** Parses and validates spec text; {@code source} names it in messages. */
  public static SpecReader.Result parse(String text, String source) {
    Object document;
    try {
      document = document(text);
    } catch (JsonProcessingException e) {
      return failed(where(e, source), "not valid YAML or JSON: " + what(e));
    } catch (IOException e) {
      return failed(source, "cannot read: " + oneLine(String.valueOf(e.getMessage())));
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

  /**
   * What is wrong, on one line. SnakeYAML's own message spans several lines (the offending line twice,
   * with carets, and two positions); the position is already in the problem's path, so only the problem
   * is kept, and where the construct it was parsing began when that is on another line (an unclosed list).
   */
  private static String what(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException m && m.getProblem() != null) {
      String problem = m.getProblem();
      Mark started = m.getContextMark();
      if (m.getContext() != null && started != null && m.getProblemMark() != null
          && started.getLine() != m.getProblemMark().getLine()) {
        problem += " (" + m.getContext() + " begun at " + (started.getLine() + 1) + ":" + (started.getColumn() + 1) + ")";
      }
      return oneLine(problem);
    }
    return oneLine(String.valueOf(e.getOriginalMessage()));
  }

  private static String tooLarge(long size) {
    return "is " + size + " bytes; a release spec may be at most 1 MiB (" + MAX_BYTES + " bytes)";
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static SpecReader.Result failed(String where, String message) {
    return new SpecReader.Result(null, List.of(new SpecProblem(where, message)));
  }
}
