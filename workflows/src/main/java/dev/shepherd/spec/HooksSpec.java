package dev.shepherd.spec;

/**
 * The smoke-test hooks of every region ({@code hooks} in the spec). A failing hook fails its region, which the
 * release then handles as any failure: rolled back (or paused, with {@code policy.onFailure: pause}).
 *
 * @param beforeTraffic run once the new version is published and before any traffic reaches it; null for none
 * @param afterTraffic run once the new version takes all of the alias's traffic; null for none
 */
public record HooksSpec(HookSpec beforeTraffic, HookSpec afterTraffic) {}
