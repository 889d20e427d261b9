package dev.shepherd.release.region;

import dev.shepherd.spec.AlarmBlocker;
import dev.shepherd.spec.CanarySpec;
import dev.shepherd.spec.LambdaTarget;
import dev.shepherd.spec.Region;
import java.time.Duration;
import java.util.List;

/**
 * One region's deployment.
 *
 * @param releaseId the release's workflow id
 * @param version the version being released
 * @param wave the wave's name
 * @param region the region
 * @param lambda the function and alias
 * @param canary the canary, or null to go straight to 100%
 * @param alarms the alarms watched during the canary
 * @param artifactLocation the build artifact
 * @param alarmBlocker what to do when the region's alarms already fire; {@code FAIL} when null
 * @param alarmBlockerTimeout how long to wait for quiet alarms with {@code WAIT}
 * @param rollbackTarget where the alias pointed before the release, captured by the release itself
 * @param blindAfter how long the canary's alarm watch may go without reading the alarms
 * @param artifactSha256 the artifact's digest from the build (hex), which the region must deploy
 *     exactly; null in histories from before artifacts were pinned
 * @param application the application (for hooks); null in histories from before hooks
 * @param analysis the wave's canary analysis; null for none
 * @param hooks the smoke-test hooks; null for none
 * @param promoted on a retry, the version an earlier attempt promoted the alias to (it failed after, e.g. in
 *     its afterTraffic hook); null otherwise
 */
public record RegionDeploymentRequest(
    String releaseId,
    String version,
    String wave,
    Region region,
    LambdaTarget lambda,
    CanarySpec canary,
    List<String> alarms,
    String artifactLocation,
    AlarmBlocker alarmBlocker,
    Duration alarmBlockerTimeout,
    dev.shepherd.cloud.RollbackTarget rollbackTarget,
    Duration blindAfter,
    String artifactSha256,
    String application,
    dev.shepherd.spec.AnalysisSpec analysis,
    dev.shepherd.spec.HooksSpec hooks,
    String promoted) {

  /** A request without analysis or hooks. */
  public RegionDeploymentRequest(String releaseId, String version, String wave, Region region, LambdaTarget lambda,
      CanarySpec canary, List<String> alarms, String artifactLocation, AlarmBlocker alarmBlocker,
      Duration alarmBlockerTimeout, dev.shepherd.cloud.RollbackTarget rollbackTarget, Duration blindAfter,
      String artifactSha256) {
    this(releaseId, version, wave, region, lambda, canary, alarms, artifactLocation, alarmBlocker, alarmBlockerTimeout,
        rollbackTarget, blindAfter, artifactSha256, null, null, null, null);
  }
}
