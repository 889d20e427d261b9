package dev.shepherd.release;

import dev.shepherd.spec.CanarySpec;
import dev.shepherd.spec.LambdaTarget;
import dev.shepherd.spec.Region;
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
 */
public record RegionDeploymentRequest(
    String releaseId,
    String version,
    String wave,
    Region region,
    LambdaTarget lambda,
    CanarySpec canary,
    List<String> alarms,
    String artifactLocation) {}
