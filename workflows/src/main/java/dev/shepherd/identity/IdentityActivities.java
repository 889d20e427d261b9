package dev.shepherd.identity;

import io.temporal.activity.ActivityInterface;

/**
 * Verifies who sends what to a release, on the worker, never trusting the client: the release calls these
 * as local activities, so the answer is recorded in its history and replays as it was.
 */
@ActivityInterface
public interface IdentityActivities {

  /**
   * Verifies the initiator's proof against the start and its spec, and returns the application's policy,
   * refusing an initiator the policy does not let start it. Refusals are answers, not failures.
   */
  Admission admit(AdmitRequest request);

  /**
   * Verifies an operator's proof against what the message does: signature or STS answer, binding, expiry.
   * Refusals are answers, not failures. The release itself checks the nonce was not used before and
   * judges the principal by its policy.
   */
  Verdict verify(VerifyRequest request);
}
