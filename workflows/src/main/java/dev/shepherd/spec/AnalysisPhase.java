package dev.shepherd.spec;

/** When a region's canary analysis judges the new version ({@code analysis.during}). */
public enum AnalysisPhase {
  /** While the canary takes its share of the alias's traffic, before promotion. */
  CANARY,
  /** While the wave bakes, after promotion: the new version takes all traffic. */
  BAKE
}
