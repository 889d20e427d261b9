package dev.shepherd.cloud;

import dev.shepherd.spec.AppConfigFlagLocation;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.SsmFlagLocation;

/**
 * Where a flag lives; exactly one of {@code ssm} and {@code appconfig} is set.
 *
 * @param region the region
 * @param ssm an SSM parameter
 * @param appconfig an AppConfig feature flag
 */
public record FlagLocation(Region region, SsmFlagLocation ssm, AppConfigFlagLocation appconfig) {

  @Override
  public String toString() {
    String what = ssm != null ? "SSM parameter " + ssm.parameter()
        : appconfig != null ? "AppConfig flag " + appconfig.flag() : "flag";
    return what + " in " + region;
  }
}
