package dev.shepherd.cloud;

/**
 * The function's code after an update.
 *
 * @param codeSha256 the code's hash, which a publish must match
 * @param revisionId the function's revision after the update
 */
public record CodeUpdate(String codeSha256, String revisionId) {}
