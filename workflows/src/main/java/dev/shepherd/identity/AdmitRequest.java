package dev.shepherd.identity;

import dev.shepherd.spec.ReleaseSpec;

/**
 * A release asking to begin: the initiator's proof, and the spec it must be bound to.
 *
 * @param proof the initiator's proof, or null for a self-asserted name
 * @param expected the start as the release sees it (action {@code start})
 * @param spec the release's spec; the statement's {@code spec} digest must be this one's
 */
public record AdmitRequest(Proof proof, Binding expected, ReleaseSpec spec) {}
