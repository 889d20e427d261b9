package dev.shepherd.identity;

/**
 * The worker's answer about one proof: who sent it, or why the proof proves nothing.
 *
 * @param principal who, when accepted
 * @param nonce the statement's nonce, which the release keeps so that the same proof is not taken twice;
 *     null for a message without a proof
 * @param refusal why the proof was refused, or null when accepted
 */
public record Verdict(VerifiedPrincipal principal, String nonce, String refusal) {

  public static Verdict refused(String why) {
    return new Verdict(null, null, why);
  }

  public boolean accepted() {
    return refusal == null;
  }
}
