package dev.shepherd.proof;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.identity.Statement;
import dev.shepherd.release.ReleaseRequest;
import dev.shepherd.spec.ReleaseSpec;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

/**
 * The digest a start statement binds: SHA-256 of what is started (the spec, the version, the source
 * version and whether it queues) as Temporal's default JSON converter writes it, so that the CLI (before it
 * sends the request) and the worker (after Temporal delivered it) get the same. The proof itself is not part
 * of it.
 */
public final class StartDigest {

  private static final ObjectMapper MAPPER = JacksonJsonPayloadConverter.newDefaultObjectMapper();

  /** What a start statement binds, in a fixed shape. */
  private record Started(ReleaseSpec spec, String version, String sourceVersion, boolean queue) {}

  private StartDigest() {}

  /** {@code sha256:<hex>} of the request without its proof. */
  public static String of(ReleaseRequest request) {
    try {
      return "sha256:" + Statement.sha256Hex(MAPPER.writeValueAsBytes(new Started(request.spec(), request.version(),
          request.sourceVersion(), request.queue())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a request that Temporal can send can be written as JSON", e);
    }
  }
}
