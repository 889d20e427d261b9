package dev.shepherd.spec;

import java.time.Duration;

/**
 * A canary: {@code weight} percent of the alias's traffic goes to the new version while the region's
 * alarms are watched for {@code duration}; then the alias moves to the new version entirely.
 *
 * @param weight the canary's share of traffic, 1 to 99 percent
 * @param duration how long the canary is watched before promotion
 */
public record CanarySpec(CanaryWeight weight, Duration duration) {}
