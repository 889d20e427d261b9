package dev.shepherd.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a person says to a release, in the exact words they sign: who they claim to be, which release
 * (namespace, workflow id, run), what they do (action, gate), to which build (artifact digest) or spec
 * (the digest of the start request), why (comment), a nonce and an expiry. A proof signs {@link #text()}; the worker parses
 * the signed text back with {@link #parse} and compares every field with what the message does, so a
 * statement signed for one release, gate, decision, artifact or start request proves nothing about another.
 *
 * <p>The text is one {@code key: value} line per field, in a fixed order, under the header {@value
 * #HEADER}; an absent value is written {@code -}. Values are single lines (no control characters).
 *
 * @param namespace the Temporal namespace of the release
 * @param workflowId the release's workflow id, e.g. {@code release/payments/1.4.2}
 * @param runId the run the statement is about; {@code -} for {@code start}, which has no run yet
 * @param action {@code start}, {@code approve}, {@code reject}, {@code abort}, {@code retry}, {@code
 *     rollback} or {@code abandon}
 * @param gate the gate decided; {@code -} for other actions
 * @param artifact the built artifact's digest ({@code sha256:<hex>}); {@code -} before the build
 * @param request for {@code start}: the digest ({@code sha256:<hex>}) of what is started: the spec, the version,
 *     the source version and whether it queues; {@code -} otherwise
 * @param actor the name the sender claims; the proof decides who they are
 * @param comment the comment or reason sent with the action; {@code -} for none
 * @param nonce a random value, used once per release
 * @param expires when the statement stops proving anything
 */
public record Statement(String namespace, String workflowId, String runId, String action, String gate,
    String artifact, String request, String actor, String comment, String nonce, Instant expires) {

  /** The first line of every statement; a new format gets a new header. */
  public static final String HEADER = "shepherd-statement/1";
  /** The SSH signature namespace ({@code ssh-keygen -Y sign -n}). */
  public static final String SSH_NAMESPACE = "shepherd";
  /** Written for an absent value. */
  public static final String NONE = "-";
  /** The actions a statement may name. */
  public static final List<String> ACTIONS = List.of("start", "approve", "reject", "abort", "retry", "rollback",
      "abandon");
  /** The longest statement text accepted (a comment is at most 1,000 characters). */
  public static final int MAX_TEXT = 4096;

  private static final List<String> KEYS = List.of("namespace", "workflow", "run", "action", "gate", "artifact",
      "request", "actor", "comment", "nonce", "expires");

  /** The canonical text that is signed. */
  public String text() {
    List<String> values = List.of(namespace, workflowId, runId, action, gate, artifact, request, actor, comment, nonce,
        expires.toString());
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < KEYS.size(); i++) {
      sb.append(KEYS.get(i)).append(": ").append(orNone(values.get(i))).append('\n');
    }
    return sb.toString();
  }

  /** The SHA-256 of {@link #text()}, in lowercase hex: what an AWS proof's binding header carries. */
  public String sha256() {
    return sha256Hex(text());
  }

  /**
   * Reads a signed text back.
   *
   * @throws IllegalArgumentException naming what is wrong: a missing header, a field out of order or
   *     missing, a control character, an unreadable expiry, an unknown action
   */
  public static Statement parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("the statement is empty");
    }
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException("the statement is longer than " + MAX_TEXT + " characters");
    }
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("the statement must end with a line break");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (!HEADER.equals(lines[0])) {
      throw new IllegalArgumentException("the statement does not begin with " + HEADER);
    }
    if (lines.length != KEYS.size() + 1) {
      throw new IllegalArgumentException("the statement has " + (lines.length - 1) + " fields; "
          + HEADER + " has " + KEYS.size() + " (" + String.join(", ", KEYS) + ")");
    }
    String[] values = new String[KEYS.size()];
    for (int i = 0; i < KEYS.size(); i++) {
      String line = lines[i + 1];
      String prefix = KEYS.get(i) + ": ";
      if (!line.startsWith(prefix)) {
        throw new IllegalArgumentException("field " + (i + 1) + " of the statement must be " + KEYS.get(i));
      }
      String value = line.substring(prefix.length());
      for (int c = 0; c < value.length(); c++) {
        if (Character.isISOControl(value.charAt(c))) {
          throw new IllegalArgumentException(KEYS.get(i) + ": control characters are not allowed");
        }
      }
      if (value.isEmpty()) {
        throw new IllegalArgumentException(KEYS.get(i) + ": empty; write - for none");
      }
      values[i] = value;
    }
    if (!ACTIONS.contains(values[3])) {
      throw new IllegalArgumentException("action: \"" + values[3] + "\" is not one of " + String.join(", ", ACTIONS));
    }
    Instant expires;
    try {
      expires = Instant.parse(values[10]);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("expires: \"" + values[10] + "\" is not an ISO-8601 instant");
    }
    Statement s = new Statement(values[0], values[1], values[2], values[3], values[4], values[5], values[6],
        values[7], values[8], values[9], expires);
    if (!s.text().equals(text)) {
      throw new IllegalArgumentException("the statement is not in canonical form");
    }
    return s;
  }

  /** The value, or {@code -} when absent or blank. */
  public static String orNone(String value) {
    return value == null || value.isBlank() ? NONE : value;
  }

  /** SHA-256 of UTF-8 text in lowercase hex. */
  public static String sha256Hex(String text) {
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** SHA-256 of bytes in lowercase hex. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
