package dev.shepherd.release.status;

import dev.shepherd.analysis.AnalysisVerdict;
import dev.shepherd.spec.AnalysisPhase;

/**
 * One canary analysis verdict on a region, with the phase it was given in.
 *
 * @param phase during the canary or the bake
 * @param verdict the verdict, its figures per signal and interval, and its reasons
 */
public record RegionAnalysis(AnalysisPhase phase, AnalysisVerdict verdict) {}
