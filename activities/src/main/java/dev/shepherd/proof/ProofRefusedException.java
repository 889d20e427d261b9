package dev.shepherd.proof;

import java.io.Serial;

/**
 * A proof of identity that proves nothing: a signature that is malformed, made for another purpose, made
 * with a key or algorithm Shepherd does not accept, or that does not verify. The message is one line that
 * says what is wrong in words a person can act on; it becomes the verdict's refusal.
 */
public class ProofRefusedException extends RuntimeException {

  @Serial
  private static final long serialVersionUID = 1L;

  /**
   * A refusal.
   *
   * @param reason a one-line reason, e.g. {@code the SSH signature is for namespace "git", not "shepherd"}
   */
  public ProofRefusedException(String reason) {
    super(reason);
  }

  /**
   * A refusal caused by what a parser or the crypto library said.
   *
   * @param reason a one-line reason
   * @param cause what the library said, kept for the log
   */
  public ProofRefusedException(String reason, Throwable cause) {
    super(reason, cause);
  }

  /**
   * Text from a signature or a file, fit for a one-line reason: in double quotes, with control characters
   * escaped and anything past 80 characters cut, so a hostile value cannot forge or flood a log line.
   */
  static String quote(String text) {
    StringBuilder sb = new StringBuilder("\"");
    int shown = Math.min(text.length(), 80);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      int type = Character.getType(c);
      if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR || c == '"' || c == '\\') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (text.length() > shown) {
      sb.append("...");
    }
    return sb.append('"').toString();
  }
}
