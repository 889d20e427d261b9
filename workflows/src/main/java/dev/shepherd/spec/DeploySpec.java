package dev.shepherd.spec;

/**
 * What is deployed in each region and how traffic reaches it.
 *
 * @param lambda the function and the alias that callers use
 * @param canary the share of traffic the new version gets first, and for how long; optional (no
 *     canary means straight to 100% after the alarm blocker check)
 */
public record DeploySpec(LambdaTarget lambda, CanarySpec canary) {}
