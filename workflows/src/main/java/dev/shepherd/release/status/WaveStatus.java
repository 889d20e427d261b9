package dev.shepherd.release.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A wave.
 *
 * @param name its name
 * @param state where it is
 * @param regions its regions
 * @param bake its bake duration
 * @param waitUntil when the current wait (window or bake) ends, or null
 * @param startedAt when it began deploying, or null before
 * @param endedAt when it was done (deployed and baked), or null before
 */
public record WaveStatus(String name, WaveState state, List<RegionStatus> regions, Duration bake, Instant waitUntil,
    Instant startedAt, Instant endedAt) {}
