package dev.shepherd.worker;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import dev.shepherd.spec.AlarmBlocker;
import dev.shepherd.spec.AnalysisPhase;
import dev.shepherd.spec.Approval;
import dev.shepherd.spec.CanaryWeight;
import dev.shepherd.spec.Durations;
import dev.shepherd.spec.MetricDirection;
import dev.shepherd.spec.OnFailure;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.SpecProblem;
import dev.shepherd.spec.SpecValidator;
import dev.shepherd.worker.reading.DocumentSchema;
import dev.shepherd.worker.reading.FieldProblem;
import dev.shepherd.worker.reading.Wording;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a parsed YAML or JSON document into a {@link ReleaseSpec}, collecting every problem at once, each with
 * its field path. The structure (keys, required fields, sections, lists) is schema/release.schema.json's; the
 * values people write loosely (durations, weights, percentages, choices in any case) are read here as the
 * spec is bound to its records; the rules between fields are {@link SpecValidator}'s. {@link #read} runs all
 * three.
 */
public final class SpecReader {

  private static final DocumentSchema SCHEMA = DocumentSchema.load("release.schema.json");

  /**
   * Values whose reading says better than a pattern what is wrong with them ({@code "-5m" is negative}); so
   * does every choice, which is read in any case while the schema offers editors the canonical spelling.
   */
  private static final Set<String> READ_HERE = Set.of("duration", "weight", "count", "number", "fraction",
      "percentile", "approval");

  /** Where the binding reports what it cannot read. */
  private static final String PROBLEMS = "problems";

  private static final ObjectMapper BINDER = JsonMapper.builder()
      .addModule(new SimpleModule()
          .addDeserializer(String.class, value(String.class, (v, problems) -> v.text()))
          .addDeserializer(Region.class, value(Region.class, (v, problems) -> Region.of(v.text())))
          .addDeserializer(Duration.class, value(Duration.class, SpecReader::duration))
          .addDeserializer(CanaryWeight.class, value(CanaryWeight.class,
              (v, problems) -> Optional.ofNullable(wholeNumber(v, problems)).map(CanaryWeight::of).orElse(null)))
          .addDeserializer(Integer.class, value(Integer.class, SpecReader::wholeNumber))
          .addDeserializer(Double.class, value(Double.class, SpecReader::number))
          .addDeserializer(Approval.class, value(Approval.class, SpecReader::approval))
          .addDeserializer(OnFailure.class, choice(OnFailure.class, "a failure policy", "rollback or pause"))
          .addDeserializer(AlarmBlocker.class, choice(AlarmBlocker.class, "an alarm blocker", "fail or wait"))
          .addDeserializer(AnalysisPhase.class, choice(AnalysisPhase.class, "a phase to judge in", "canary or bake"))
          .addDeserializer(MetricDirection.class, choice(MetricDirection.class, "a direction",
              "lower-is-better or higher-is-better")))
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // A list item that cannot be read is reported and left out (a phase), or kept as an empty placeholder
      // by the schema check (a wave), so that the paths of the items after it stay right.
      .withConfigOverride(List.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.SKIP)))
      .build();

  private SpecReader() {}

  /** The outcome of reading a spec: the spec when there are no problems, else every problem. */
  public record Result(ReleaseSpec spec, List<SpecProblem> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** Reads and validates a document (maps, lists, strings, numbers, booleans, as a YAML parser gives them). */
  public static Result read(Object document) {
    JsonNode tree = document == null ? NullNode.getInstance() : BINDER.valueToTree(document);
    var check = SCHEMA.check(tree, WORDING, SpecReader::readHere);
    List<SpecProblem> problems = new ArrayList<>();
    check.problems().forEach(p -> problems.add(new SpecProblem(p.path(), p.message())));
    JsonNode usable = check.usableDocument();
    if (usable == null) {
      return new Result(null, List.copyOf(problems));
    }
    ReleaseSpec spec;
    try {
      spec = BINDER.readerFor(ReleaseSpec.class).withAttribute(PROBLEMS, problems).readValue(usable);
    } catch (IOException e) {
      throw new IllegalStateException("a spec that keeps to its schema could not be bound", e);
    }
    List<SpecProblem> all = new ArrayList<>();
    check.inReadingOrder(problems.stream().map(p -> new FieldProblem(p.path(), p.message())).toList())
        .forEach(p -> all.add(new SpecProblem(p.path(), p.message())));
    for (SpecProblem p : SpecValidator.validate(spec)) {
      // A field that could not be read is absent in the spec; don't also call it missing.
      if (problems.stream().map(SpecProblem::path).noneMatch(r -> p.path().equals(r)
          || p.path().startsWith(r + ".") || p.path().startsWith(r + "["))) {
        all.add(p);
      }
    }
    return new Result(all.isEmpty() ? spec : null, List.copyOf(all));
  }

  private static boolean readHere(Error e) {
    String at = e.getSchemaLocation().getFragment().toString();
    return e.getKeyword().equals("enum") || READ_HERE.stream().anyMatch(d -> at.startsWith("/$defs/" + d + "/"));
  }

  // --- values ----------------------------------------------------------------------------------------

  /** A value being bound: its tree and its path; {@link #text} is how the spec's text always showed it. */
  private record Value(JsonNode node, String path) {
    String text() {
      return node.isContainerNode() ? String.valueOf(BINDER.convertValue(node, Object.class)) : node.asText();
    }

    boolean scalar() {
      return node.isValueNode();
    }
  }

  /** How one kind of value is read: null when it cannot be, having said why. */
  private interface Reading<T> {
    T read(Value value, Problems problems);
  }

  /** Where a reading says what is wrong with its value (at the value's path). */
  private interface Problems {
    void add(String message);
  }

  /** A deserializer that reads a value's tree, reporting what it cannot read and giving null. */
  private static <T> StdDeserializer<T> value(Class<T> type, Reading<T> reading) {
    return new StdDeserializer<>(type) {
      @Override
      public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String path = pathOf(p);
        JsonNode node = p.readValueAsTree();
        @SuppressWarnings("unchecked")
        List<SpecProblem> problems = (List<SpecProblem>) ctxt.getAttribute(PROBLEMS);
        return reading.read(new Value(node, path), message -> problems.add(new SpecProblem(path, message)));
      }
    };
  }

  /** The path of the value the parser is at: {@code waves[1].bake}. */
  private static String pathOf(JsonParser p) {
    JsonStreamContext c = p.getParsingContext();
    if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
      c = c.getParent();
    }
    Deque<String> steps = new ArrayDeque<>();
    for (; c != null && !c.inRoot(); c = c.getParent()) {
      steps.push(c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
    }
    return String.join("", steps).replaceFirst("^\\.", "");
  }

  /** A duration, within the bound of its field (named when the text is too long to read at all). */
  private static Duration duration(Value v, Problems problems) {
    String text = v.text();
    if (v.node().isNumber() && !text.equals("0")) {
      problems.add("\"" + text + "\" has no unit; write e.g. " + text + "s, " + text + "m or " + text + "h");
      return null;
    }
    var d = Durations.parse(text);
    if (d.isEmpty() && Durations.isTooLong(text)) {
      problems.add(text.trim().startsWith("-") ? "\"" + text + "\" is negative; durations must be zero or more"
          : SpecValidator.tooLong("\"" + text + "\"", maximum(v.path())));
      return null;
    }
    if (d.isEmpty()) {
      problems.add("\"" + text + "\" is not a duration; write e.g. 90s, 5m, 1h30m or 2d");
      return null;
    }
    if (d.get().isNegative()) {
      problems.add("\"" + text + "\" is negative; durations must be zero or more");
      return null;
    }
    return d.get();
  }

  /** The longest a duration field may be. */
  private static Duration maximum(String path) {
    if (path.startsWith("hooks.")) {
      return SpecValidator.MAX_HOOK_TIMEOUT;
    }
    return switch (path.substring(path.lastIndexOf('.') + 1)) {
      case "bake" -> SpecValidator.MAX_BAKE;
      case "timeout" -> SpecValidator.MAX_STEP_TIMEOUT;
      case "duration" -> SpecValidator.MAX_CANARY_DURATION;
      case "approvalTimeout", "pauseTimeout" -> SpecValidator.MAX_OPERATOR_WAIT;
      case "alarmBlockerTimeout" -> SpecValidator.MAX_ALARM_BLOCKER_TIMEOUT;
      case "blindAfter" -> SpecValidator.MAX_BLIND_AFTER;
      case "interval" -> SpecValidator.MAX_ANALYSIS_INTERVAL;
      default -> Durations.MAX;
    };
  }

  /** A whole number, also written with a percent sign ({@code 25%}). */
  private static Integer wholeNumber(Value v, Problems problems) {
    if (v.node().isInt() || (v.node().isLong() && v.node().canConvertToInt())) {
      return v.node().intValue();
    }
    String s = v.text().trim();
    if (s.endsWith("%")) {
      s = s.substring(0, s.length() - 1).trim();
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      problems.add("\"" + v.text() + "\" is not a whole number");
      return null;
    }
  }

  /**
   * A number; a fraction ({@code errorRate}'s thresholds) also in percent ({@code 1%}), a percentile also as
   * {@code p99}.
   */
  private static Double number(Value v, Problems problems) {
    if (v.node().isTextual()) {
      String text = v.text().trim();
      if (v.path().matches(".*\\.errorRate\\.max(Increase|Absolute)") && text.endsWith("%")) {
        Double percent = number(new Value(new TextNode(
            text.substring(0, text.length() - 1).trim()), v.path()), problems);
        return percent == null ? null : percent / 100;
      }
      if (v.path().endsWith(".latency.percentile") && v.text().toLowerCase(Locale.ROOT).startsWith("p")) {
        return number(new Value(new TextNode(v.text().substring(1)), v.path()),
            problems);
      }
    }
    if (v.node().isNumber()) {
      return v.node().doubleValue();
    }
    if (!v.scalar()) {
      problems.add("must be a number" + foundIn(v.node()));
      return null;
    }
    try {
      double d = Double.parseDouble(v.text().trim());
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add("\"" + v.text() + "\" is not a number");
    return null;
  }

  private static Approval approval(Value v, Problems problems) {
    if (v.node().isBoolean()) {
      return v.node().booleanValue() ? Approval.REQUIRED : Approval.NONE;
    }
    return switch (v.text().toLowerCase(Locale.ROOT)) {
      case "required" -> Approval.REQUIRED;
      case "none" -> Approval.NONE;
      default -> {
        problems.add("\"" + v.text() + "\" is not an approval setting; use required or none");
        yield Approval.NONE;
      }
    };
  }

  /**
   * One of an enum's constants, written in any case with '-' for '_' ({@code lower-is-better}).
   */
  private static <E extends Enum<E>> StdDeserializer<E> choice(Class<E> type, String what, String use) {
    return value(type, (v, problems) -> {
      String text = v.text();
      for (E constant : type.getEnumConstants()) {
        if (constant.name().replace('_', '-').equalsIgnoreCase(text.replace('_', '-'))) {
          return constant;
        }
      }
      // Empty text in a list is an item the schema check already reported (or an empty item, always let be).
      if (!text.isEmpty() || !v.path().endsWith("]")) {
        problems.add("\"" + text + "\" is not " + what + "; use " + use);
      }
      return null;
    });
  }

  // --- wording ---------------------------------------------------------------------------------------

  /** What was found, as specs have always put it after what was expected. */
  private static String foundIn(JsonNode node) {
    return " (found " + found(node) + ")";
  }

  private static String found(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    return "\"" + node.asText() + "\"";
  }

  /** How specs have always said what is wrong with their structure. */
  private static final Wording WORDING = new Wording("(document)", false, List.of(
      Map.entry("object", "must be a mapping of keys to values"), Map.entry("array", "must be a list"),
      Map.entry("", "must be a single value")),
      SpecReader::found, (key, known, nearest) -> "unknown key (expected one of: " + String.join(", ", known) + ")"
          + nearest.map(k -> "; did you mean " + k + "?").orElse(""));
}
