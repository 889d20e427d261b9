package dev.shepherd.cloud;

/**
 * A published function version.
 *
 * @param version the version number, as Lambda names it
 */
public record PublishedVersion(String version) {}
