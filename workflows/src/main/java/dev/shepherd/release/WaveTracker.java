package dev.shepherd.release;

import dev.shepherd.spec.Region;
import dev.shepherd.spec.WaveSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the release knows of one wave. */
final class WaveTracker {

  final WaveSpec spec;
  final int index;
  final List<RegionTracker> regions = new ArrayList<>();
  WaveState state = WaveState.PENDING;
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
