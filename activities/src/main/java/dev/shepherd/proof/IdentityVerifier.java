package dev.shepherd.proof;

import dev.shepherd.identity.Admission;
import dev.shepherd.identity.AdmitRequest;
import dev.shepherd.identity.IdentityActivities;
import dev.shepherd.identity.Proof;
import dev.shepherd.identity.Verdict;
import dev.shepherd.identity.VerifiedPrincipal;
import dev.shepherd.identity.VerifyRequest;

/** TEMPORARY (interim build while the verifiers are merged): names as given. */
public final class IdentityVerifier implements IdentityActivities {
  public static IdentityVerifier withoutPolicy() {
    return new IdentityVerifier();
  }

  @Override
  public Admission admit(AdmitRequest request) {
    return new Admission(verify(new VerifyRequest(request.proof(), request.expected())), null, true);
  }

  @Override
  public Verdict verify(VerifyRequest request) {
    return new Verdict(new VerifiedPrincipal(request.expected().actor(), Proof.INSECURE, "self-asserted", false), null, null);
  }
}
