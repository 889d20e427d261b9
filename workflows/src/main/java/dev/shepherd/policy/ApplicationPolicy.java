package dev.shepherd.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a release policy says about one application, with groups expanded to people: who may start it,
 * who may approve which gate, whether anyone may approve a release they started, the shortest bake a wave
 * may ask for, and the resources a spec may name. The worker loads it from its policy file; the release
 * records it when it begins, with the file's digest, and the spec can narrow it but never widen it.
 *
 * @param application the application, or {@code *} for the file's default section
 * @param digest the SHA-256 of the policy file it came from ({@code sha256:<hex>})
 * @param starters the people who may start a release
 * @param approvers gate name (or {@code *} for every gate without its own entry) to the people who may
 *     approve it
 * @param selfApproval whether the initiator may approve their own release (never, by default)
 * @param minBake the shortest bake any wave may have
 * @param resources what a spec may name
 */
public record ApplicationPolicy(String application, String digest, List<String> starters,
    Map<String, List<String>> approvers, boolean selfApproval, Duration minBake, ResourceAllowance resources) {

  public ApplicationPolicy {
    starters = starters == null ? List.of() : List.copyOf(starters);
    approvers = approvers == null ? Map.of() : Map.copyOf(approvers);
    minBake = minBake == null ? Duration.ZERO : minBake;
    resources = resources == null ? ResourceAllowance.NONE : resources;
  }

  /** The people who may approve the gate: its own entry, else the {@code *} entry, else nobody. */
  public List<String> approversOf(String gate) {
    List<String> own = approvers.get(gate);
    return own != null ? own : approvers.getOrDefault("*", List.of());
  }
}
