package dev.shepherd.cloud;

import dev.shepherd.spec.Region;

/**
 * A function's alias in one region.
 *
 * @param region the region
 * @param function the function name
 * @param alias the alias name
 */
public record AliasRef(Region region, String function, String alias) {

  @Override
  public String toString() {
    return function + ":" + alias + " in " + region;
  }
}
