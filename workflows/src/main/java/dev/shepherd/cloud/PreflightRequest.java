package dev.shepherd.cloud;

import dev.shepherd.policy.ApplicationPolicy;
import dev.shepherd.spec.ReleaseSpec;

/**
 * What to look for before anything is touched.
 *
 * @param spec the release's spec; everything it names is checked in every region it is used in
 * @param policy the application's release policy, recorded when the release was admitted: every resource
 *     the spec names must be allowed, and no wave may bake for less than it requires
 *     ({@link dev.shepherd.policy.PolicyCheck}); null when the worker runs without a policy
 */
public record PreflightRequest(ReleaseSpec spec, ApplicationPolicy policy) {

  /** A pre-flight without a release policy. */
  public PreflightRequest(ReleaseSpec spec) {
    this(spec, null);
  }
}
