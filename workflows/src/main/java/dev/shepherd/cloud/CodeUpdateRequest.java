package dev.shepherd.cloud;

/**
 * New code for a function.
 *
 * @param alias the function (and alias) to update
 * @param artifactLocation the build artifact
 * @param releaseId the release, recorded with the code for traceability
 */
public record CodeUpdateRequest(AliasRef alias, String artifactLocation, String releaseId) {}
