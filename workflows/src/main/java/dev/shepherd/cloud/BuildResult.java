package dev.shepherd.cloud;

/**
 * A finished, successful build.
 *
 * @param buildId the provider's id of the build
 * @param artifactLocation where the artifact is, pinned so that it cannot change under the release:
 *     {@code s3://bucket/key?versionId=V} in a versioned bucket, else a copy under a key of this build
 *     alone; what deploys use
 * @param consoleUrl where a person can see the build
 * @param artifactSha256 the SHA-256 of the artifact's bytes (lower-case hex), which every region must
 *     deploy exactly; null for a test build, and in histories from before artifacts were pinned
 */
public record BuildResult(String buildId, String artifactLocation, String consoleUrl, String artifactSha256) {

  /** A result with no digest (a test build). */
  public BuildResult(String buildId, String artifactLocation, String consoleUrl) {
    this(buildId, artifactLocation, consoleUrl, null);
  }
}
