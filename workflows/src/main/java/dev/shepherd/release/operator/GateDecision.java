package dev.shepherd.release.operator;

import dev.shepherd.identity.Proof;

/**
 * An approval or rejection of a gate.
 *
 * @param gate the gate; the one now waiting when absent
 * @param actor who decides, as they claim; the proof decides who they are
 * @param comment why (required to reject)
 * @param proof who sent it, bound to this decision; null for a self-asserted name, which only a worker
 *     whose policy allows it takes (and marks UNVERIFIED)
 */
public record GateDecision(String gate, String actor, String comment, Proof proof) {

  /** A decision without a proof (development mode). */
  public GateDecision(String gate, String actor, String comment) {
    this(gate, actor, comment, null);
  }
}
