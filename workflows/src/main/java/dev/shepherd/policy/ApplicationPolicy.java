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
 * @param waveApprovals which waves must have an approval gate: {@value #EVERY_WAVE}, {@value #AFTER_FIRST}
 *     (every wave but the first) or {@value #NO_WAVE}; without a gate nobody's four eyes see the release
 * @param flagApproval whether a spec's flag must have an approval gate
 */
public record ApplicationPolicy(String application, String digest, List<String> starters,
    Map<String, List<String>> approvers, boolean selfApproval, Duration minBake, ResourceAllowance resources,
    String waveApprovals, boolean flagApproval) {

  /** Every wave must wait for an approval. */
  public static final String EVERY_WAVE = "every";
  /** Every wave after the first (the canary wave) must wait for an approval. */
  public static final String AFTER_FIRST = "after-first";
  /** No wave needs an approval. */
  public static final String NO_WAVE = "none";

  public ApplicationPolicy {
    starters = starters == null ? List.of() : List.copyOf(starters);
    approvers = approvers == null ? Map.of() : Map.copyOf(approvers);
    minBake = minBake == null ? Duration.ZERO : minBake;
    resources = resources == null ? ResourceAllowance.NONE : resources;
    waveApprovals = waveApprovals == null ? NO_WAVE : waveApprovals;
  }

  /** A policy that requires no approval gate (written in code, e.g. by tests). */
  public ApplicationPolicy(String application, String digest, List<String> starters,
      Map<String, List<String>> approvers, boolean selfApproval, Duration minBake, ResourceAllowance resources) {
    this(application, digest, starters, approvers, selfApproval, minBake, resources, NO_WAVE, false);
  }

  /**
   * The people who may approve the gate: its own entry, else the {@code *} entry, else nobody. A wave's gate
   * is named after the wave, and the spec's author names the waves: so for a wave, its own entry only
   * narrows the {@code *} entry (when there is one), and naming a wave after a gate with a longer list
   * gains nothing. The {@code flag} gate's name is fixed, so its own entry stands alone.
   */
  public List<String> approversOf(String gate) {
    List<String> own = approvers.get(gate);
    List<String> every = approvers.get("*");
    if (own == null) {
      return every != null ? every : List.of();
    }
    if (every == null || FLAG_GATE.equals(gate)) {
      return own;
    }
    return own.stream().filter(every::contains).toList();
  }

  /** The flag's gate, whose name no spec chooses. */
  private static final String FLAG_GATE = dev.shepherd.spec.FlagSpec.GATE_NAME;
}
