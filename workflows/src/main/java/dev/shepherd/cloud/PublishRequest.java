package dev.shepherd.cloud;

/**
 * A version to publish.
 *
 * @param alias the function (and alias) whose code is published
 * @param codeSha256 the expected code hash, so that a concurrent change is not published by mistake
 * @param description recorded on the version (the release id and version)
 * @param releaseId the release: a version whose description names it was published by this release,
 *     and a retry returns it instead of publishing again
 * @param revisionId the function's revision after this release's code update: the publish is refused
 *     if anything changed the function since, so the version holds exactly this release's code and
 *     configuration. Null skips the check
 */
public record PublishRequest(AliasRef alias, String codeSha256, String description, String releaseId,
    String revisionId) {

  /** A publish with no release to find again and no revision to check. */
  public PublishRequest(AliasRef alias, String codeSha256, String description) {
    this(alias, codeSha256, description, null, null);
  }
}
