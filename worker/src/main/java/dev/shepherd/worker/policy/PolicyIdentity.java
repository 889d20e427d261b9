package dev.shepherd.worker.policy;

import dev.shepherd.policy.ApplicationPolicy;
import dev.shepherd.proof.AllowedSigners;
import dev.shepherd.proof.AllowedSignersException;
import dev.shepherd.proof.IdentityPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded release policy as the identity verifier reads it, with its allowed-signers file parsed. Both are
 * read once, when the worker starts: a worker reloads its policy by restarting, and every release records the
 * digest of the policy it was admitted under.
 */
public final class PolicyIdentity implements IdentityPolicy {

  private final ReleasePolicy policy;
  private final AllowedSigners signers;

  private PolicyIdentity(ReleasePolicy policy, AllowedSigners signers) {
    this.policy = policy;
    this.signers = signers;
  }

  /**
   * Loads the policy and its allowed signers.
   *
   * @throws PolicyException naming every problem of the policy, or of the allowed-signers file it names
   */
  public static PolicyIdentity load(Path file) {
    ReleasePolicy policy = ReleasePolicy.load(file);
    AllowedSigners signers = null;
    Optional<Path> signersFile = policy.allowedSignersFile();
    if (signersFile.isPresent()) {
      try {
        signers = AllowedSigners.load(signersFile.get());
      } catch (AllowedSignersException e) {
        throw new PolicyException(file, List.of("identity.allowedSigners: " + e.getMessage()));
      } catch (IOException e) {
        throw new PolicyException(file, List.of("identity.allowedSigners: cannot read " + signersFile.get() + ": "
            + e.getMessage()));
      }
    }
    return new PolicyIdentity(policy, signers);
  }

  public ReleasePolicy policy() {
    return policy;
  }

  @Override
  public Set<String> acceptedMethods() {
    return policy.acceptedMethods();
  }

  @Override
  public Optional<AllowedSigners> allowedSigners() {
    return Optional.ofNullable(signers);
  }

  @Override
  public List<URI> stsEndpoints() {
    return policy.stsEndpoints();
  }

  @Override
  public Duration maxProofAge() {
    return policy.maxProofAge();
  }

  @Override
  public String person(String identity) {
    return policy.person(identity);
  }

  @Override
  public Optional<ApplicationPolicy> application(String name) {
    return policy.application(name);
  }

  @Override
  public String digest() {
    return policy.digest();
  }
}
