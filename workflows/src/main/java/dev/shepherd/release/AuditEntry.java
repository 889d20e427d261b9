package dev.shepherd.release;

import java.time.Instant;

/**
 * One line of the audit log.
 *
 * @param at when
 * @param actor who (an operator, or {@code shepherd} for the release's own decisions)
 * @param action what, e.g. {@code APPROVED}, {@code ABORTED}, {@code IGNORED_SIGNAL}
 * @param detail the gate, comment or reason
 */
public record AuditEntry(Instant at, String actor, String action, String detail) {}
