package dev.shepherd.spec;

import java.time.Duration;
import java.util.List;

/**
 * A wave: regions deployed together (in parallel), then baked under alarm watch.
 *
 * @param name the wave's name; also the name of its approval gate
 * @param regions the regions, each in at most one wave
 * @param bake how long the wave is watched after it is deployed; zero for none
 * @param approval whether an approver must approve before the wave starts
 */
public record WaveSpec(String name, List<Region> regions, Duration bake, Approval approval) {

  public WaveSpec {
    regions = regions == null ? List.of() : List.copyOf(regions);
    bake = bake == null ? Duration.ZERO : bake;
    approval = approval == null ? Approval.NONE : approval;
  }

  public boolean approvalRequired() {
    return approval == Approval.REQUIRED;
  }
}
