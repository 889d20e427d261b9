package dev.shepherd.cloud;

/**
 * Where an alias pointed before a release touched it, read by the release itself (never reported to it),
 * so that nothing from outside can choose what a rollback restores.
 *
 * @param state where the alias pointed: the version a rollback returns to, and its routing
 * @param revisionId the alias's revision when it was read (Lambda RevisionId), or null when unknown
 */
public record RollbackTarget(AliasState state, String revisionId) {

  /** The version a rollback returns the alias to. */
  public String version() {
    return state.version();
  }
}
