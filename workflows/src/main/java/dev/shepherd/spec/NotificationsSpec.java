package dev.shepherd.spec;

/**
 * Where a release tells people what happens to it ({@code notifications} in the spec): a gate waiting, a
 * decision, a pause, a rollback started and finished, ROLLBACK_FAILED, released. A notification never blocks or
 * fails the release.
 *
 * @param sns an SNS topic's ARN; null for none
 * @param webhook the name of a Slack-compatible incoming webhook the worker knows ({@code shepherd worker
 *     --webhook NAME=URL}); the URL itself is a secret, so it is never in a spec or a release's history; null for
 *     none
 */
public record NotificationsSpec(String sns, String webhook) {}
