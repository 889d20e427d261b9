package dev.shepherd.worker.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
 * A policy file's bytes (for its digest) and its YAML tree, read the way spec files are: regular files
 * only, decided before opening (a FIFO would block, a device never end), at most {@link #MAX_BYTES}, UTF-8,
 * duplicate keys refused; a file that cannot be read is a {@link PolicyException} with one problem on one
 * line, naming the file and, for a YAML error, the line and column.
 */
final class PolicyFile {

  /**
   * The largest policy file read, in bytes (1 MiB). A policy is a few kilobytes even for many applications;
   * anything hundreds of times that is the wrong file.
   */
  static final int MAX_BYTES = 1024 * 1024;

  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private final byte[] bytes;
  private final JsonNode document;

  private PolicyFile(byte[] bytes, JsonNode document) {
    this.bytes = bytes;
    this.document = document;
  }

  /** The file exactly as read, for its digest. */
  byte[] bytes() {
    return bytes.clone();
  }

  /** The YAML document: not null, not empty. */
  JsonNode document() {
    return document;
  }

  static PolicyFile read(Path file) {
    if (Files.isDirectory(file)) {
      throw failed(file, file + ": is a directory, not a policy file");
    }
    if (!Files.isRegularFile(file)) {
      throw failed(file, Files.exists(file)
          ? file + ": is not a regular file (a pipe, a device or a socket); give a policy file"
          : file + ": file not found");
    }
    byte[] bytes;
    String text;
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw failed(file, tooLarge(file, size));
      }
      try (InputStream in = Files.newInputStream(file)) {
        // Bounded even so: the file may have grown since its size was read.
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
      if (bytes.length > MAX_BYTES) {
        throw failed(file, tooLarge(file, Files.size(file)));
      }
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (NoSuchFileException e) {
      throw failed(file, file + ": file not found");
    } catch (AccessDeniedException e) {
      throw failed(file, file + ": cannot read: permission denied");
    } catch (CharacterCodingException e) {
      throw failed(file, file + ": is not UTF-8 text");
    } catch (IOException e) {
      throw failed(file, file + ": cannot read: " + oneLine(String.valueOf(e.getMessage())));
    }
    JsonNode document;
    try (JsonParser parser = YAML.createParser(text)) {
      document = parser.nextToken() == null ? null : YAML.readTree(parser);
      if (document != null && parser.nextToken() != null) {
        throw failed(file, where(parser.currentLocation(), file)
            + ": holds more than one YAML document; a policy is one");
      }
    } catch (JsonProcessingException e) {
      throw failed(file, where(e, file) + ": not valid YAML: " + what(e));
    } catch (IOException e) {
      throw failed(file, file + ": cannot read: " + oneLine(String.valueOf(e.getMessage())));
    }
    // Nothing at all, only comments, a bare "---" or "~".
    if (document == null || document.isNull() || document.isMissingNode()
        || (document.isTextual() && document.asText().isEmpty())) {
      throw failed(file, file + ": is empty");
    }
    return new PolicyFile(bytes, document);
  }

  /** The file with the line and column of the problem (SnakeYAML's mark, else Jackson's location). */
  private static String where(JsonProcessingException e, Path file) {
    if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
      return file + ":" + (m.getProblemMark().getLine() + 1) + ":" + (m.getProblemMark().getColumn() + 1);
    }
    return where(e.getLocation(), file);
  }

  private static String where(JsonLocation at, Path file) {
    return at == null || at.getLineNr() < 1 ? file.toString() : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
  }

  /**
   * What is wrong, on one line: SnakeYAML's own message repeats the offending line with carets and two
   * positions; the position is already given, so only the problem is kept, and where the construct it was
   * parsing began when that is on another line (an unclosed list).
   */
  private static String what(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException m && m.getProblem() != null) {
      String problem = m.getProblem();
      Mark started = m.getContextMark();
      if (m.getContext() != null && started != null && m.getProblemMark() != null
          && started.getLine() != m.getProblemMark().getLine()) {
        problem += " (" + m.getContext() + " begun at " + (started.getLine() + 1) + ":" + (started.getColumn() + 1)
            + ")";
      }
      return oneLine(problem);
    }
    return oneLine(String.valueOf(e.getOriginalMessage()));
  }

  private static String tooLarge(Path file, long size) {
    return file + ": is " + size + " bytes; a release policy may be at most 1 MiB (" + MAX_BYTES + " bytes)";
  }

  static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static PolicyException failed(Path file, String problem) {
    return new PolicyException(file, List.of(problem));
  }
}
