package dev.shepherd.cloud;

/**
 * One notification of a release.
 *
 * @param id unique per release run and event, the same on every retry: {@code <workflow id>/<run id>/<n>};
 *     channels that can take it (SNS message attributes, a webhook header) carry it so that receivers can
 *     drop a duplicate
 * @param kind what it tells
 * @param urgent whether a person must act now (ROLLBACK_FAILED)
 * @param namespace the Temporal namespace, for the Web UI link
 * @param workflowId the release's workflow id
 * @param runId the release's run id
 * @param application the application
 * @param version the version being released
 * @param gate the gate, for GATE_WAITING and GATE_DECIDED; null otherwise
 * @param title one line, e.g. {@code payments 1.4.2: gate rest waits for approval}
 * @param text the details, in plain text, a few lines
 * @param sns the SNS topic ARN to publish to; null for none
 * @param webhook the name of the webhook to post to, which the worker maps to its URL; null for none
 */
public record Notification(
    String id,
    NotificationKind kind,
    boolean urgent,
    String namespace,
    String workflowId,
    String runId,
    String application,
    String version,
    String gate,
    String title,
    String text,
    String sns,
    String webhook) {}
