package dev.shepherd.identity;

/**
 * What a message does, as the release sees it: a proof must be for exactly this. The worker compares it
 * field by field with the signed {@link Statement}.
 *
 * @param namespace the release's namespace
 * @param workflowId the release's workflow id
 * @param runId the release's run id; not compared for {@code start}
 * @param action the action
 * @param gate the gate decided, or null
 * @param artifact the pinned artifact's digest ({@code sha256:<hex>}), or null before the build
 * @param actor the name the message claims
 * @param comment the message's comment or reason, or null
 */
public record Binding(String namespace, String workflowId, String runId, String action, String gate,
    String artifact, String actor, String comment) {}
