package dev.shepherd.release.operator;

import dev.shepherd.identity.Proof;

/**
 * An operator's abort, retry, rollback or abandon.
 *
 * @param actor who, as they claim; the proof decides who they are
 * @param reason why (required to abort)
 * @param proof who sent it, bound to this action; null for a self-asserted name (development mode)
 */
public record OperatorAction(String actor, String reason, Proof proof) {

  /** An action without a proof (development mode). */
  public OperatorAction(String actor, String reason) {
    this(actor, reason, null);
  }
}
