package dev.shepherd.cloud;

/**
 * Where an alias points.
 *
 * @param version the version that gets the main share of traffic
 * @param canaryVersion the version that gets the rest, or null when there is no routing
 * @param canaryPercent the canary's share in percent; 0 when there is no routing
 */
public record AliasState(String version, String canaryVersion, int canaryPercent) {

  public static AliasState of(String version) {
    return new AliasState(version, null, 0);
  }
}
