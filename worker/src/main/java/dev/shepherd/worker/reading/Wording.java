package dev.shepherd.worker.reading;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The words of one kind of document for what its schema finds wrong, where the schema gives no sentence of
 * its own (in {@code x-messages}): specs and policies were written with different wordings, and each keeps
 * its own.
 *
 * @param document the path of the whole document, for a problem with the document itself
 * @param quotesKeys whether a key that is not a plain word is quoted in a path ({@code applications."*"})
 * @param mustBe what a value must be, by the JSON type expected ({@code object}, {@code array}, ...): the
 *     first that matches, in order; the last, with the key {@code ""}, for any other
 * @param found what was found, as {@code {found}} in a schema's message: {@code a list}, {@code "ten"}
 * @param unknownKey the sentence for a key the schema does not know
 */
public record Wording(String document, boolean quotesKeys, List<Map.Entry<String, String>> mustBe,
    Function<JsonNode, String> found, UnknownKey unknownKey) {

  /** A path segment that needs no quotes. */
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  /** The sentence for an unknown key; {@code nearest} is the known key it was probably meant to be. */
  public interface UnknownKey {
    String sentence(String key, List<String> known, Optional<String> nearest);
  }

  /** The path of {@code key} under {@code parent} (empty for the document). */
  public String key(String parent, String key) {
    String segment = !quotesKeys || PLAIN_KEY.matcher(key).matches() ? key
        : "\"" + key.replace("\"", "\\\"") + "\"";
    return parent.isEmpty() ? segment : parent + "." + segment;
  }

  /** A value where {@code expected} (JSON types) was wanted. */
  public String wrongType(List<String> expected, JsonNode value) {
    String wanted = mustBe.stream().filter(e -> e.getKey().isEmpty() || expected.contains(e.getKey()))
        .map(Map.Entry::getValue).findFirst().orElseThrow();
    return wanted + " (found " + found.apply(value) + ")";
  }

  /** A required key that is missing, or has no value. */
  public String required() {
    return "is required";
  }

  /** A value as {@code {value}} in a schema's message: {@code "kerberos"}. */
  public String value(JsonNode node) {
    return "\"" + (node == null ? "" : node.asText()) + "\"";
  }
}
