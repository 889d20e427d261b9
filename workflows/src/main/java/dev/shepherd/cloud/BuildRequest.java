package dev.shepherd.cloud;

import dev.shepherd.spec.Region;
import java.time.Duration;

/**
 * A build or test to run for a release.
 *
 * @param kind build or test
 * @param releaseId the release's workflow id, passed to the build as an environment variable
 * @param version the version being released
 * @param sourceVersion the source revision to build (a tag, branch or commit)
 * @param project the CodeBuild project
 * @param region where the project lives
 * @param artifactLocation for a test, the build's artifact; null for a build
 * @param timeout how long the build may take
 */
public record BuildRequest(
    BuildKind kind,
    String releaseId,
    String version,
    String sourceVersion,
    String project,
    Region region,
    String artifactLocation,
    Duration timeout) {}
