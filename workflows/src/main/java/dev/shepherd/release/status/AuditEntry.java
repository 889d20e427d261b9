package dev.shepherd.release.status;

import java.time.Instant;

/**
 * One line of the audit log.
 *
 * @param at when
 * @param actor who (the verified principal, an operator's self-asserted name, or {@code shepherd} for the
 *     release's own decisions)
 * @param action what, e.g. {@code APPROVED}, {@code ABORTED}, {@code IGNORED_SIGNAL}
 * @param detail the gate, comment or reason
 * @param identity how the actor was verified, e.g. {@code ssh key SHA256:...} or {@code aws
 *     arn:aws:iam::...:user/bob}; {@code UNVERIFIED} for a self-asserted name; null for the release's own
 *     entries, refused messages and releases from before verified identity
 */
public record AuditEntry(Instant at, String actor, String action, String detail, String identity) {

  /** An entry without a verified identity. */
  public AuditEntry(Instant at, String actor, String action, String detail) {
    this(at, actor, action, detail, null);
  }
}
