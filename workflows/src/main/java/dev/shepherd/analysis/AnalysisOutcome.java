package dev.shepherd.analysis;

/** The verdict of canary analysis, for one signal or for the whole canary. */
public enum AnalysisOutcome {
  /** The canary is not worse than its allowances, on enough traffic. */
  PASS,
  /** The canary is worse: significantly and beyond its allowance, or past an absolute limit. */
  FAIL,
  /** Too little traffic or data to say: extend the canary, or ask a person. */
  INCONCLUSIVE
}
