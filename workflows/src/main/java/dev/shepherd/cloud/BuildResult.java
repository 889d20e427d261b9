package dev.shepherd.cloud;

/**
 * A finished, successful build.
 *
 * @param buildId the provider's id of the build
 * @param artifactLocation where the artifact is (e.g. {@code s3://bucket/key}); what deploys use
 * @param consoleUrl where a person can see the build
 */
public record BuildResult(String buildId, String artifactLocation, String consoleUrl) {}
