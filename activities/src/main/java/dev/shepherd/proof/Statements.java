package dev.shepherd.proof;

import dev.shepherd.identity.Statement;
import dev.shepherd.release.ReleaseRequest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Statements as a sender writes them before signing: each with a fresh 128-bit nonce, so that no two are
 * alike and a release takes each one once.
 */
public final class Statements {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Statements() {}

  /**
   * A start of a release ({@code run} and {@code artifact} absent), bound to the request's digest: its spec,
   * version, source version and queue flag.
   */
  public static Statement start(String namespace, String workflowId, ReleaseRequest request, String actor,
      Instant expires) {
    return new Statement(namespace, workflowId, Statement.NONE, "start", Statement.NONE, Statement.NONE,
        StartDigest.of(request), actor, Statement.NONE, nonce(), expires);
  }

  /**
   * An action on a running release.
   *
   * @param artifactSha256 the hex digest of the release's artifact, or null before its build
   */
  public static Statement action(String namespace, String workflowId, String runId, String action, String gate,
      String artifactSha256, String actor, String comment, Instant expires) {
    return new Statement(namespace, workflowId, runId, action, Statement.orNone(gate),
        artifactSha256 == null || artifactSha256.isBlank() ? Statement.NONE : "sha256:" + artifactSha256,
        Statement.NONE, actor, Statement.orNone(comment), nonce(), expires);
  }

  static String nonce() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
