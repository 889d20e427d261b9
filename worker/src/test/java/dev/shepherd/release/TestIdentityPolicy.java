package dev.shepherd.release;

import dev.shepherd.policy.ApplicationPolicy;
import dev.shepherd.proof.AllowedSigners;
import dev.shepherd.proof.IdentityPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A release policy for workflow tests, written in code rather than loaded from a file. */
record TestIdentityPolicy(Set<String> acceptedMethods, AllowedSigners signers, Map<String, String> people,
    ApplicationPolicy payments) implements IdentityPolicy {

  @Override
  public Optional<AllowedSigners> allowedSigners() {
    return Optional.ofNullable(signers);
  }

  @Override
  public List<URI> stsEndpoints() {
    return List.of();
  }

  @Override
  public Duration maxProofAge() {
    return Duration.ofMinutes(15);
  }

  @Override
  public String person(String identity) {
    return people.getOrDefault(identity, identity);
  }

  @Override
  public Optional<ApplicationPolicy> application(String name) {
    return name.equals(payments.application()) ? Optional.of(payments) : Optional.empty();
  }

  @Override
  public String digest() {
    return payments.digest();
  }
}
