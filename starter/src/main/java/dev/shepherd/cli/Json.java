package dev.shepherd.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** JSON for scripts: ISO-8601 times and durations, one object per command. */
final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  /** The value's JSON object with more fields after its own, e.g. a status with what the CLI found besides. */
  static String writeWith(Object value, java.util.Map<String, ?> more) {
    com.fasterxml.jackson.databind.node.ObjectNode node = MAPPER.valueToTree(value);
    more.forEach((k, v) -> node.set(k, MAPPER.valueToTree(v)));
    return write(node);
  }

  /** The value as one line of JSON, for streams of one object per line ({@code --output jsonl}). */
  static String line(Object value) {
    try {
      return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
