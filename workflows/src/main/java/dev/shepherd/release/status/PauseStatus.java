package dev.shepherd.release.status;

import java.time.Instant;

/**
 * A paused release.
 *
 * @param step the step that failed and would be retried
 * @param reason why it failed
 * @param rollbackAt when the release rolls back unless an operator retries or rolls back first
 */
public record PauseStatus(String step, String reason, Instant rollbackAt) {}
