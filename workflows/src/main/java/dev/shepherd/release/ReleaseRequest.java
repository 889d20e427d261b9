package dev.shepherd.release;

import dev.shepherd.spec.ReleaseSpec;

/**
 * The input of a release.
 *
 * @param spec what to release and how
 * @param version the version being released, e.g. {@code 1.4.2}
 * @param initiator who started it; may not approve its gates
 * @param sourceVersion the source revision to build; the version when absent
 */
public record ReleaseRequest(ReleaseSpec spec, String version, String initiator, String sourceVersion) {

  /** The revision handed to the build. */
  public String effectiveSourceVersion() {
    return sourceVersion == null || sourceVersion.isBlank() ? version : sourceVersion;
  }
}
