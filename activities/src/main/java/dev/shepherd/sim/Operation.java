package dev.shepherd.sim;

import dev.shepherd.spec.Region;
import java.time.Instant;

/**
 * One operation the simulated cloud performed (or refused).
 *
 * @param call what
 * @param region where; null for operations without one
 * @param detail e.g. the version published, or the failure
 * @param at when (wall clock)
 */
public record Operation(CloudCall call, Region region, String detail, Instant at) {

  @Override
  public String toString() {
    return call + (region != null ? " " + region : "") + (detail != null ? " " + detail : "");
  }
}
