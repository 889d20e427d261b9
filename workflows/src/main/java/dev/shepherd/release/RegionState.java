package dev.shepherd.release;

/** Where a region is. */
public enum RegionState {
  PENDING,
  /** The rollback target is recorded; nothing is changed yet. */
  CAPTURED,
  /** The canary gets its share of traffic while the region's alarms are watched. */
  CANARY,
  /** The alias serves the new version with all traffic. */
  DEPLOYED,
  FAILED,
  ROLLING_BACK,
  ROLLED_BACK,
  ROLLBACK_FAILED
}
