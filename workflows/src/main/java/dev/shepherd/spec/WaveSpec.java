package dev.shepherd.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;

/**
 * A wave: regions deployed together (in parallel), then baked under alarm watch.
 *
 * @param name the wave's name; also the name of its approval gate
 * @param regions the regions, each in at most one wave
 * @param bake how long the wave is watched after it is deployed; zero for none
 * @param approval whether an approver must approve before the wave starts
 * @param analysis this wave's canary analysis, replacing the release's; left out of the JSON when absent
 */
public record WaveSpec(String name, List<Region> regions, Duration bake, Approval approval,
    @JsonInclude(JsonInclude.Include.NON_NULL) AnalysisSpec analysis) {

  public WaveSpec {
    regions = regions == null ? List.of() : List.copyOf(regions);
    bake = bake == null ? Duration.ZERO : bake;
    approval = approval == null ? Approval.NONE : approval;
  }

  /** A wave with the release's canary analysis (or none). */
  public WaveSpec(String name, List<Region> regions, Duration bake, Approval approval) {
    this(name, regions, bake, approval, null);
  }

  public boolean approvalRequired() {
    return approval == Approval.REQUIRED;
  }
}
