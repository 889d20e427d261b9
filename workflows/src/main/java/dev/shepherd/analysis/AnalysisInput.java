package dev.shepherd.analysis;

import dev.shepherd.spec.AnalysisSpec;

/**
 * What {@link CanaryJudge#judge} judges.
 *
 * @param analysis the wave's analysis (its signals, thresholds and minimum of requests)
 * @param samples the baseline's and the canary's intervals
 */
public record AnalysisInput(AnalysisSpec analysis, MetricSamples samples) {}
