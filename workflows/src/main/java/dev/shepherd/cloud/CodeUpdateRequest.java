package dev.shepherd.cloud;

/**
 * New code for a function.
 *
 * @param alias the function (and alias) to update
 * @param artifactLocation the build artifact
 * @param releaseId the release, recorded with the code for traceability
 * @param artifactSha256 the digest the build recorded (hex); the bytes read and the function's code
 *     after the update must both match it. Null skips the check (histories from before pinning)
 */
public record CodeUpdateRequest(AliasRef alias, String artifactLocation, String releaseId, String artifactSha256) {

  /** An update with no digest to check. */
  public CodeUpdateRequest(AliasRef alias, String artifactLocation, String releaseId) {
    this(alias, artifactLocation, releaseId, null);
  }
}
