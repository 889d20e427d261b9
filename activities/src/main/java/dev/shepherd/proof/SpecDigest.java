package dev.shepherd.proof;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.identity.Statement;
import dev.shepherd.spec.ReleaseSpec;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

/**
 * The digest a start statement binds: SHA-256 of the spec as Temporal's default JSON converter writes it,
 * so that the CLI (before it sends the spec) and the worker (after Temporal delivered it) get the same.
 */
public final class SpecDigest {

  private static final ObjectMapper MAPPER = JacksonJsonPayloadConverter.newDefaultObjectMapper();

  private SpecDigest() {}

  /** {@code sha256:<hex>} of the spec's JSON. */
  public static String of(ReleaseSpec spec) {
    try {
      return "sha256:" + Statement.sha256Hex(MAPPER.writeValueAsBytes(spec));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a spec that Temporal can send can be written as JSON", e);
    }
  }
}
