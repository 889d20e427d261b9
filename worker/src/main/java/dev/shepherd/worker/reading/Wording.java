package dev.shepherd.worker.reading;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The sentences of one kind of document for what its schema finds wrong, where the schema does not give its
 * own (in {@code x-messages}): specs and policies were written with different wordings, and each keeps its
 * own.
 */
public interface Wording {

  /** The path of the whole document, for a problem with the document itself. */
  String document();

  /** The path of {@code key} under {@code parent} (empty for the document). */
  String key(String parent, String key);

  /** A value where {@code expected} (JSON types: object, array, string, ...) was wanted. */
  String wrongType(List<String> expected, JsonNode found);

  /** A key the schema does not know; {@code nearest} is the known key it was probably meant to be. */
  String unknownKey(String key, List<String> known, Optional<String> nearest);

  /** A required key that is missing, or has no value. */
  default String required() {
    return "is required";
  }

  /** What was found, as {@code {found}} in a schema's message: {@code a list}, {@code "ten"}. */
  String found(JsonNode node);

  /** A value as {@code {value}} in a schema's message: {@code "kerberos"}. */
  default String value(JsonNode node) {
    return "\"" + (node == null ? "" : node.asText()) + "\"";
  }
}
