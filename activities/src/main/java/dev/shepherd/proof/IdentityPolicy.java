package dev.shepherd.proof;

import dev.shepherd.policy.ApplicationPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the worker's release policy says about identity: the proofs it accepts, the keys and STS endpoints
 * it trusts, who is who, and each application's rules. The worker's policy file provides it.
 */
public interface IdentityPolicy {

  /** {@code ssh}, {@code aws} and/or {@code insecure} (see {@link dev.shepherd.identity.Proof}). */
  Set<String> acceptedMethods();

  /** The allowed signers for SSH proofs; empty when SSH is not accepted. */
  Optional<AllowedSigners> allowedSigners();

  /** The STS endpoints AWS proofs may be sent to; empty for AWS's own. */
  List<URI> stsEndpoints();

  /** The longest a signed statement may be valid for. */
  Duration maxProofAge();

  /** The person an identity (an ARN, an SSH principal, a name) belongs to; the identity itself when unlisted. */
  String person(String identity);

  /** The application's rules, with groups expanded; empty when the policy does not cover it. */
  Optional<ApplicationPolicy> application(String name);

  /** The policy file's digest ({@code sha256:...}). */
  String digest();
}
