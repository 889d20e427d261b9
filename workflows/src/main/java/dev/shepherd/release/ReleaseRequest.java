package dev.shepherd.release;

import dev.shepherd.identity.Proof;
import dev.shepherd.spec.ReleaseSpec;

/**
 * The input of a release.
 *
 * @param spec what to release and how
 * @param version the version being released, e.g. {@code 1.4.2}
 * @param initiator who started it; may not approve its gates
 * @param sourceVersion the source revision to build; the version when absent
 * @param queue whether to wait for a running release of the same application to end; when false, such a
 *     release refuses this one ({@code LOCKED}) before anything is changed
 * @param proof the initiator's proof of identity, bound to this release and its spec; null for a
 *     self-asserted name (development mode: the initiator is UNVERIFIED)
 */
public record ReleaseRequest(ReleaseSpec spec, String version, String initiator, String sourceVersion,
    boolean queue, Proof proof) {

  /** A request without a proof (development mode). */
  public ReleaseRequest(ReleaseSpec spec, String version, String initiator, String sourceVersion, boolean queue) {
    this(spec, version, initiator, sourceVersion, queue, null);
  }

  /** A release that is refused, not queued, when another release of its application runs. */
  public ReleaseRequest(ReleaseSpec spec, String version, String initiator, String sourceVersion) {
    this(spec, version, initiator, sourceVersion, false);
  }

  /** The revision handed to the build. */
  public String effectiveSourceVersion() {
    return sourceVersion == null || sourceVersion.isBlank() ? version : sourceVersion;
  }
}
