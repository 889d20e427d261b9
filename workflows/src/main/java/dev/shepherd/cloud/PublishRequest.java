package dev.shepherd.cloud;

/**
 * A version to publish.
 *
 * @param alias the function (and alias) whose code is published
 * @param codeSha256 the expected code hash, so that a concurrent change is not published by mistake
 * @param description recorded on the version (the release id and version)
 */
public record PublishRequest(AliasRef alias, String codeSha256, String description) {}
