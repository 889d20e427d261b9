package dev.shepherd.identity;

/**
 * A proof to check against what the message does.
 *
 * @param proof the proof, or null for a self-asserted name
 * @param expected what the message does
 */
public record VerifyRequest(Proof proof, Binding expected) {}
