package dev.shepherd.release.story;

import dev.shepherd.release.status.WaveState;
import dev.shepherd.release.status.WaveStatus;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.WaveSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the release knows of one wave. */
public final class WaveTracker {

  public final WaveSpec spec;
  public final int index;
  public final List<RegionTracker> regions = new ArrayList<>();
  public WaveState state = WaveState.PENDING;
  Instant waitUntil;
  Instant startedAt;
  Instant endedAt;

  WaveTracker(WaveSpec spec, int index) {
    this.spec = spec;
    this.index = index;
    for (Region r : spec.regions()) {
      regions.add(new RegionTracker(r));
    }
  }

  WaveStatus toStatus() {
    return new WaveStatus(spec.name(), state, regions.stream().map(RegionTracker::toStatus).toList(),
        spec.bake(), waitUntil, startedAt, endedAt);
  }
}
