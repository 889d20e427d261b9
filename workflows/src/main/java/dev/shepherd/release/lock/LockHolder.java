package dev.shepherd.release.lock;

/**
 * The release that holds an application's lock.
 *
 * @param releaseId its workflow id, or null when the lock is free
 */
public record LockHolder(String releaseId) {}
