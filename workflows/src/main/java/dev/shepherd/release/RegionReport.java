package dev.shepherd.release;

import dev.shepherd.analysis.AnalysisVerdict;
import java.util.List;

/**
 * What a region's deployment judged on its way: canary analysis verdicts (one per round, the last decides)
 * and smoke-test hook runs. Carried in its result, and in its failure's details after the published version.
 *
 * @param analysis the canary's verdicts, oldest first
 * @param hooks the hooks run, in order
 */
public record RegionReport(List<AnalysisVerdict> analysis, List<HookRun> hooks) {

  public static final RegionReport EMPTY = new RegionReport(List.of(), List.of());

  public RegionReport {
    analysis = analysis == null ? List.of() : List.copyOf(analysis);
    hooks = hooks == null ? List.of() : List.copyOf(hooks);
  }
}
