package dev.shepherd.worker.reading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link DocumentSchema} found wrong with one document, each finding a {@link FieldProblem} at the
 * path of its field, at most one per field. Readers use it in one of two ways: all the problems at once with
 * the document {@linkplain #usableDocument() less the fields they are about} (to bind the rest) and then
 * {@linkplain #inReadingOrder in the order of the fields}, or field by field as they walk the document
 * ({@link #take}), so that the problems come in the order the reader meets its fields.
 */
public final class SchemaCheck {

  /** The schema keyword holding a node's own sentences (see {@link DocumentSchema}). */
  static final String MESSAGES = "x-messages";

  /** Findings that leave a field unreadable; the others (too few items, ...) leave it readable. */
  private static final Set<String> BLOCKING = Set.of("type", "enum", "const", "pattern", "additionalProperties");

  private final JsonNode schema;
  private final JsonNode document;
  private final Wording wording;
  /** By field path; in the validator's order. */
  private final Map<String, Finding> findings = new LinkedHashMap<>();
  /** The paths whose problems a reader has {@linkplain #take taken}. */
  private final Set<String> taken = new HashSet<>();

  /**
   * One problem. {@code at} is where the field is in the document; {@code anchor} is the path of the field
   * whose reading reports it (an unknown key is reported with its mapping's other keys).
   */
  private record Finding(FieldProblem problem, List<Object> at, String anchor, String keyword, boolean placeholder,
      boolean objectExpected) {}

  SchemaCheck(JsonNode schema, JsonNode document, List<Error> errors, Wording wording) {
    this.schema = schema;
    this.document = document;
    this.wording = wording;
    for (Error e : errors) {
      add(e);
    }
  }

  /** Every problem, in the validator's order. */
  public List<FieldProblem> problems() {
    return findings.values().stream().map(Finding::problem).toList();
  }

  /** Whether the whole document is unreadable (not a mapping, say). */
  private boolean documentUnusable() {
    Finding f = findings.get(wording.document());
    return f != null && BLOCKING.contains(f.keyword());
  }

  /**
   * A copy of the document without the fields that have a problem, for binding: a key is left out; a list
   * item, or a value of a mapping of names to values, keeps its place as an empty mapping or empty text so
   * that later items keep their index. Null when the document itself is unusable.
   */
  public JsonNode usableDocument() {
    if (documentUnusable()) {
      return null;
    }
    JsonNode copy = document.deepCopy();
    for (Finding f : findings.values()) {
      if (!BLOCKING.contains(f.keyword()) || f.at().isEmpty()) {
        continue;
      }
      JsonNode parent = copy;
      for (Object step : f.at().subList(0, f.at().size() - 1)) {
        parent = step instanceof Integer i ? parent.path(i) : parent.path((String) step);
      }
      Object last = f.at().get(f.at().size() - 1);
      JsonNode placeholder = f.objectExpected() ? JsonNodeFactory.instance.objectNode()
          : JsonNodeFactory.instance.textNode("");
      if (parent instanceof ArrayNode array && last instanceof Integer i && i < array.size()) {
        array.set(i, placeholder);
      } else if (parent instanceof ObjectNode object && last instanceof String key) {
        if (f.placeholder() && !f.objectExpected()) {
          object.set(key, placeholder);
        } else {
          object.remove(key);
        }
      }
    }
    return copy;
  }

  /** The problems a reader reports when it reaches the field at {@code path}, in order; each is taken once. */
  public List<FieldProblem> take(String path) {
    List<FieldProblem> out = new ArrayList<>();
    findings.forEach((key, f) -> {
      if (f.anchor().equals(path) && taken.add(key)) {
        out.add(f.problem());
      }
    });
    return out;
  }

  /** Whether the field at {@code path} can be read: no problem makes it unreadable. */
  public boolean usable(String path) {
    Finding f = findings.get(path);
    return f == null || !BLOCKING.contains(f.keyword());
  }

  /** The problems no reader has taken yet, in order. */
  public List<FieldProblem> rest() {
    List<FieldProblem> out = new ArrayList<>();
    findings.forEach((key, f) -> {
      if (taken.add(key)) {
        out.add(f.problem());
      }
    });
    return out;
  }

  /**
   * The problems in the order a reader meets their fields (the validator's order is its own): a mapping's
   * unknown keys, then the mapping itself, then its keys in the schema's order (a missing one in its turn),
   * then the entries of a mapping of names as written; a list's items by index. Problems at a path the
   * document and schema do not have stay last, in their order.
   */
  public List<FieldProblem> inReadingOrder(List<FieldProblem> problems) {
    Map<String, Integer> turns = new HashMap<>();
    turns(document, schema, wording.document(), turns);
    List<FieldProblem> sorted = new ArrayList<>(problems);
    sorted.sort(Comparator.comparing(p -> turns.getOrDefault(p.path(), Integer.MAX_VALUE)));
    return sorted;
  }

  private void turns(JsonNode node, JsonNode schemaNode, String path, Map<String, Integer> turns) {
    JsonNode s = schemaNode;
    while (s.has("$ref")) {
      s = schema.at(s.path("$ref").asText().substring(1));
    }
    String parent = path.equals(wording.document()) ? "" : path;
    if (node.isObject()) {
      JsonNode properties = s.path("properties");
      JsonNode entries = s.path("additionalProperties");
      if (!entries.isObject()) {
        node.fieldNames().forEachRemaining(k -> {
          if (!properties.has(k)) {
            turns.putIfAbsent(wording.key(parent, k), turns.size());
          }
        });
      }
      turns.putIfAbsent(path, turns.size());
      properties.fieldNames().forEachRemaining(k -> turns(node.path(k), properties.path(k), wording.key(parent, k),
          turns));
      if (entries.isObject()) {
        node.fieldNames().forEachRemaining(k -> {
          if (!properties.has(k)) {
            turns(node.path(k), entries, wording.key(parent, k), turns);
          }
        });
      }
    } else {
      turns.putIfAbsent(path, turns.size());
      for (int i = 0; i < node.size() && node.isArray(); i++) {
        turns(node.path(i), s.path("items"), path + "[" + i + "]", turns);
      }
    }
  }

  // --- wording the validator's findings ---------------------------------------------------------------

  private void add(Error e) {
    List<Object> at = elements(e.getInstanceLocation());
    String path = path(at);
    String parent = at.isEmpty() ? "" : path;
    JsonNode node = e.getInstanceNode();
    String keyword = e.getKeyword();
    List<Object> evaluation = elements(e.getEvaluationPath());
    JsonNode owner = schemaAt(evaluation.subList(0, evaluation.size() - 1));
    switch (keyword) {
      case "required" -> {
        String child = wording.key(parent, e.getProperty());
        List<Object> childAt = new ArrayList<>(at);
        childAt.add(e.getProperty());
        String message = message(owner.path("properties").path(e.getProperty()), "required", null);
        put(new Finding(new FieldProblem(child, message != null ? message : wording.required()), childAt, child,
            keyword, false, false));
      }
      case "additionalProperties" -> {
        String key = e.getProperty();
        String child = wording.key(parent, key);
        List<Object> childAt = new ArrayList<>(at);
        childAt.add(key);
        List<String> known = new ArrayList<>();
        owner.path("properties").fieldNames().forEachRemaining(known::add);
        String message = message(owner, keyword, null);
        if (message == null) {
          message = wording.unknownKey().sentence(key, known, KeySuggestion.nearest(key, known));
        }
        put(new Finding(new FieldProblem(child, message), childAt, path, keyword, false, false));
      }
      default -> {
        Container container = container(evaluation);
        if (node == null || node.isNull()) {
          if (container.property() != null) {
            // A key without a value is a key left out: required (and unreadable), or nothing to say.
            if (texts(container.declaring().path("required")).contains(container.property())) {
              String message = message(container.declaring().path("properties").path(container.property()),
                  "required", null);
              put(new Finding(new FieldProblem(path, message != null ? message : wording.required()), at, path,
                  "type", false, false));
            }
            return;
          }
          String message = message(owner, "null", node);
          if (message != null) {
            put(new Finding(new FieldProblem(path, message), at, path, "type", true, false));
            return;
          }
        }
        boolean objectExpected = keyword.equals("type") && String.valueOf(e.getArguments()[1]).contains("object");
        String message = message(owner, keyword, node);
        if (message == null) {
          message = keyword.equals("type") ? wording.wrongType(texts(owner.path("type")), node) : e.getMessage();
        }
        put(new Finding(new FieldProblem(path, message), at, path, keyword, container.property() == null,
            objectExpected));
      }
    }
  }

  /** One problem per field: the first, unless a later one says the value is of the wrong type. */
  private void put(Finding f) {
    String key = f.problem().path();
    Finding earlier = findings.get(key);
    if (earlier == null || (f.keyword().equals("type") && !earlier.keyword().equals("type")
        && !earlier.keyword().equals("required"))) {
      findings.put(key, f);
    }
  }

  /** The node's sentence for a keyword, its placeholders filled in; null when it has none. */
  private String message(JsonNode owner, String keyword, JsonNode node) {
    JsonNode text = owner.path(MESSAGES).path(keyword);
    if (!text.isTextual()) {
      return null;
    }
    String message = text.textValue();
    if (node != null) {
      message = message.replace("{found}", wording.found().apply(node)).replace("{value}", wording.value(node))
          .replace("{count}", String.valueOf(node.size()));
    }
    return message;
  }

  /** The texts of a keyword that is one text or a list of them ({@code type}, {@code required}). */
  private static List<String> texts(JsonNode type) {
    List<String> out = new ArrayList<>();
    if (type.isArray()) {
      type.forEach(t -> out.add(t.asText()));
    } else if (type.isTextual()) {
      out.add(type.asText());
    }
    return out;
  }

  /**
   * Where a value sits, from the schema's side: as the declared property {@code property} of the mapping whose
   * schema is {@code declaring}, or (property null) as a list item or the value of a mapping of names.
   */
  private record Container(JsonNode declaring, String property) {}

  private Container container(List<Object> evaluation) {
    for (int i = evaluation.size() - 1; i >= 0; i--) {
      Object step = evaluation.get(i);
      if (step.equals("items") || step.equals("additionalProperties") || step.equals("prefixItems")) {
        return new Container(null, null);
      }
      if (step.equals("properties") && i + 1 < evaluation.size()
          && (i == 0 || !"properties".equals(evaluation.get(i - 1)))) {
        return new Container(schemaAt(evaluation.subList(0, i)), String.valueOf(evaluation.get(i + 1)));
      }
    }
    return new Container(null, null);
  }

  /** The schema node at an evaluation path, following local {@code $ref}s. */
  private JsonNode schemaAt(List<Object> evaluation) {
    JsonNode node = schema;
    for (Object step : evaluation) {
      if (step.equals("$ref")) {
        node = schema.at(node.path("$ref").asText().substring(1));
      } else if (step instanceof Integer i) {
        node = node.path(i);
      } else {
        node = node.path((String) step);
      }
    }
    return node;
  }

  private String path(List<Object> at) {
    String path = "";
    for (Object step : at) {
      path = step instanceof Integer i ? path + "[" + i + "]" : wording.key(path, (String) step);
    }
    return at.isEmpty() ? wording.document() : path;
  }

  private static List<Object> elements(NodePath path) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < path.getNameCount(); i++) {
      out.add(path.getElement(i));
    }
    return out;
  }
}
