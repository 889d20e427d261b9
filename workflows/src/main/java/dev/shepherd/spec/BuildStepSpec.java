package dev.shepherd.spec;

import java.time.Duration;

/**
 * A build or test step: a CodeBuild project run for the release's source version.
 *
 * @param codebuild the CodeBuild project
 * @param timeout how long the step may take before it fails; {@link #DEFAULT_TIMEOUT} when absent
 */
public record BuildStepSpec(CodeBuildProject codebuild, Duration timeout) {

  /** The timeout used when the spec gives none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(60);

  public BuildStepSpec {
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }
}
