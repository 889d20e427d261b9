package dev.shepherd.cloud;

/**
 * A smoke-test hook's answer.
 *
 * @param passed whether the region may go on
 * @param reason what the hook said, or why it counts as failed (a function error, a timeout, an answer that
 *     is not one); at most a few hundred characters
 * @param millis how long the invoke took
 */
public record HookResult(boolean passed, String reason, long millis) {}
