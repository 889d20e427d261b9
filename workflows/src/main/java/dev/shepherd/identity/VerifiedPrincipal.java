package dev.shepherd.identity;

/**
 * Who sent a message, as the worker established it.
 *
 * @param name the principal: the person's name from the release policy (one name per person, whatever key
 *     or role they proved with), or the name as given when unverified
 * @param method how: {@value Proof#SSH}, {@value Proof#AWS} or {@value Proof#INSECURE}
 * @param evidence what was verified: {@code key SHA256:...} or the caller's ARN; {@code self-asserted}
 *     when insecure
 * @param verified false when the name is self-asserted: shown as UNVERIFIED everywhere
 */
public record VerifiedPrincipal(String name, String method, String evidence, boolean verified) {

  /** E.g. {@code bob (ssh key SHA256:abc…)} or {@code bob (UNVERIFIED)}. */
  public String describe() {
    return verified ? name + " (" + method + " " + evidence + ")" : name + " (UNVERIFIED)";
  }
}
