package dev.shepherd.release.status;

/** Where a region is. */
public enum RegionState {
  PENDING,
  /** Its wave was stopped before this region's deployment began; it was never touched. */
  SKIPPED,
  /** The rollback target is recorded; nothing is changed yet. */
  CAPTURED,
  /** Its region workflow is running (capture done); the region's own page shows which step. */
  DEPLOYING,
  /** The canary gets its share of traffic while the region's alarms are watched. */
  CANARY,
  /** The alias serves the new version with all traffic. */
  DEPLOYED,
  FAILED,
  ROLLING_BACK,
  ROLLED_BACK,
  ROLLBACK_FAILED,
  /**
   * Someone moved the alias after the release did: the rollback left it alone, for a person. The status
   * shows the version the release left and the version found.
   */
  DRIFTED
}
