package dev.shepherd.release.region;

import dev.shepherd.release.status.HookRun;
import dev.shepherd.analysis.AnalysisVerdict;
import java.util.List;

/**
 * What a region's deployment judged on its way: canary analysis verdicts (one per round, the last decides)
 * and smoke-test hook runs. Carried in its result, and in its failure's details after the published version.
 *
 * @param analysis the canary's verdicts, oldest first
 * @param hooks the hooks run, in order
 * @param promoted the version the region's alias was promoted to (all its traffic) before it failed; null when
 *     it was not promoted. A retry of the region does not route a canary again: it finds the alias there.
 */
public record RegionReport(List<AnalysisVerdict> analysis, List<HookRun> hooks, String promoted) {

  public RegionReport {
    analysis = analysis == null ? List.of() : List.copyOf(analysis);
    hooks = hooks == null ? List.of() : List.copyOf(hooks);
  }
}
