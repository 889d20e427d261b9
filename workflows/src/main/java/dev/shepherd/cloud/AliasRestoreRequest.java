package dev.shepherd.cloud;

import java.util.List;

/**
 * An alias undo: put the alias back on its rollback target, but only if it is still where this release
 * left it. If someone moved it since (a hotfix, a hand-made change), it is left alone and reported.
 *
 * @param alias the alias
 * @param target where it pointed before the release
 * @param releaseId the release; versions whose description names it are the release's own
 * @param releaseVersions the versions this release published in the region, when known (empty when the
 *     deployment was cut short before it said so; then the version descriptions decide)
 */
public record AliasRestoreRequest(AliasRef alias, RollbackTarget target, String releaseId, List<String> releaseVersions) {

  public AliasRestoreRequest {
    releaseVersions = releaseVersions == null ? List.of() : List.copyOf(releaseVersions);
  }
}
