package dev.shepherd.cloud;

import java.util.List;

/**
 * The aliases whose rollback targets a wave reads before it changes anything, one per region.
 *
 * @param aliases the alias in each region of the wave, in the wave's order
 */
public record RollbackTargetsRequest(List<AliasRef> aliases) {}
