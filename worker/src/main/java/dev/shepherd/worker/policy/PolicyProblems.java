package dev.shepherd.worker.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.spec.Durations;
import dev.shepherd.worker.reading.DocumentSchema;
import dev.shepherd.worker.reading.SchemaCheck;
import dev.shepherd.worker.reading.Wording;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The problems found in one policy file, and the readers of a single field that find them. The readers of
 * the policy's sections share one, so that every problem is reported in the order the file's fields are
 * read, each with the path of its field; what the schema found wrong at a field is reported when that field
 * is read.
 */
final class PolicyProblems {

  /** Application, group and gate names: what the spec allows for its application and wave names. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  /** The structure of a policy: its keys, which are required, what kind of value each takes. */
  private static final DocumentSchema SCHEMA = DocumentSchema.load("policy.schema.json");
  /** How policies have always said what is wrong with their structure. */
  private static final Wording WORDING = new Wording("", true, List.of(Map.entry("object", "must be a mapping"),
      Map.entry("array", "must be a list"), Map.entry("boolean", "must be true or false"),
      Map.entry("", "must be text")), PolicyProblems::found, (key, known, nearest) -> "unknown key; "
          + nearest.map(k -> "did you mean " + k + "? ").orElse("") + "expected one of " + String.join(", ", known));

  private final List<String> problems = new ArrayList<>();
  /** What the schema finds wrong, reported field by field as they are read. */
  private final SchemaCheck schema;

  /** Checks a policy's document against the schema; what it finds is reported as the fields are read. */
  PolicyProblems(JsonNode document) {
    this.schema = SCHEMA.check(document, WORDING, finding -> false);
  }

  /** A problem, beginning with the path of its field. */
  void add(String problem) {
    problems.add(problem);
  }

  /**
   * Refuses the policy if anything is wrong with it, with what the schema found that no reader reached
   * last.
   */
  void refuseIfAny(Path file) {
    schema.rest().forEach(p -> problems.add(p.toString()));
    if (!problems.isEmpty()) {
      throw new PolicyException(file, problems);
    }
  }

  /** Reports what the schema found wrong at {@code path}, and no more than once. */
  void report(String path) {
    schema.take(path).forEach(p -> problems.add(p.toString()));
  }

  /**
   * Whether the field at {@code path} can be read: it has a value, of the kind the schema says; what the
   * schema found wrong there (and with the keys of a mapping there) is reported either way.
   */
  boolean readable(JsonNode node, String path) {
    report(path);
    return !absent(node) && schema.usable(path);
  }

  /**
   * The texts of a list the schema found to be one, with null in place of each item that is not text (and
   * that is reported).
   */
  List<String> texts(JsonNode node, String path) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode element = node.get(i);
      if (element.isTextual()) {
        out.add(element.textValue());
      } else {
        report(path + "[" + i + "]");
        out.add(null);
      }
    }
    return out;
  }

  /**
   * A duration as specs write them, from text or a whole number (the schema has seen to that); null when it
   * is not one (reported).
   */
  Duration duration(JsonNode node, String path) {
    String text = node.asText();
    var parsed = Durations.parse(text);
    if (parsed.isEmpty()) {
      problems.add(path + ": \"" + text + "\" " + (Durations.isTooLong(text)
          ? "is longer than any duration Shepherd accepts (" + Durations.format(Durations.MAX) + ")"
          : "is not a duration (e.g. 30m, 1h)"));
      return null;
    }
    return parsed.get();
  }

  static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  static String found(JsonNode node) {
    if (node.isObject()) return "a mapping";
    if (node.isArray()) return "a list";
    if (node.isBoolean()) return node.booleanValue() ? "true" : "false";
    if (node.isNumber()) return "the number " + node.asText();
    if (node.isNull()) return "nothing";
    if (node.isTextual()) return "\"" + node.textValue() + "\"";
    return node.getNodeType().toString().toLowerCase(Locale.ROOT);
  }

  /** {@code parent.key}, or {@code parent."key"} for a key that is not a plain word ({@code "*"}). */
  static String path(String parent, String key) {
    return WORDING.key(parent, key);
  }
}
