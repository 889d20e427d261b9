package dev.shepherd.spec;

import java.time.Duration;

/**
 * A smoke-test hook: a Lambda function invoked with the release, the region and the new version, whose answer
 * passes or fails the region (CodeDeploy's BeforeAllowTraffic / AfterAllowTraffic). The function is looked up
 * by the same name in every region, as the deployed function is.
 *
 * @param function the hook function's name, or its ARN (then its region must be the region it is run in)
 * @param timeout how long the hook may take before it counts as failed; {@link #DEFAULT_TIMEOUT} when absent
 */
public record HookSpec(String function, Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  public HookSpec {
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }
}
