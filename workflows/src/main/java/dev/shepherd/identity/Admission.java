package dev.shepherd.identity;

import dev.shepherd.policy.ApplicationPolicy;

/**
 * The worker's answer to a release asking to begin: who started it, and under which policy. A release
 * records it (one marker in its history) and judges every later decision by it.
 *
 * @param initiator the initiator's verdict; refused when the proof was refused or the policy does not
 *     let them start this application
 * @param policy the application's release policy, or null when the worker runs without one (development:
 *     the spec's approvers decide, and every name is UNVERIFIED)
 * @param insecureAllowed whether messages without a proof are taken (marked UNVERIFIED)
 */
public record Admission(Verdict initiator, ApplicationPolicy policy, boolean insecureAllowed) {}
