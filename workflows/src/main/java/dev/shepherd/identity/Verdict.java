package dev.shepherd.identity;

/**
 * The worker's answer about one proof: who sent it, or why the proof proves nothing.
 *
 * @param principal who, when accepted
 * @param nonce the statement's nonce, which the release keeps so that the same proof is not taken twice;
 *     null for a message without a proof
 * @param refusal why the proof was refused, or null when accepted
 * @param policyDigest the digest of the release policy the worker verified under, or null without one: a
 *     release admitted under one policy takes no verdict given under another
 */
public record Verdict(VerifiedPrincipal principal, String nonce, String refusal, String policyDigest) {

  /** A verdict without a policy (development). */
  public Verdict(VerifiedPrincipal principal, String nonce, String refusal) {
    this(principal, nonce, refusal, null);
  }

  public static Verdict refused(String why) {
    return new Verdict(null, null, why, null);
  }

  public boolean accepted() {
    return refusal == null;
  }
}
