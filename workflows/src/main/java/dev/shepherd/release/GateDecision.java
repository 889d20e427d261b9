package dev.shepherd.release;

/**
 * An approval or rejection of a gate.
 *
 * @param gate the gate; the one now waiting when absent
 * @param actor who decides
 * @param comment why (required to reject)
 */
public record GateDecision(String gate, String actor, String comment) {}
