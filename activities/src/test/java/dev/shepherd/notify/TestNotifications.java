package dev.shepherd.notify;

import dev.shepherd.cloud.Notification;
import dev.shepherd.cloud.NotificationKind;

/** Notifications as the release workflow sends them, for the tests. */
final class TestNotifications {

  static final String WORKFLOW_ID = "release/payments/1.4.2";
  static final String RUN_ID = "8f14e45f-ceea-467a-9af0-1a2b3c4d5e6f";

  private TestNotifications() {}

  /** The gate {@code rest} waits for approval; the {@code n}th notification of the release. */
  static Notification gateWaiting(int n, String sns, String webhook) {
    return new Notification(WORKFLOW_ID + "/" + RUN_ID + "/" + n, NotificationKind.GATE_WAITING, false, "default",
        WORKFLOW_ID, RUN_ID, "payments", "1.4.2", "rest", "payments 1.4.2: gate rest waits for approval",
        "Wave 1 (us-east-1) is on 1.4.2 and baked 30m with no alarm.\nWave 2 (eu-west-1, ap-southeast-2) waits for"
            + " the gate rest.", sns, webhook);
  }

  /** The notification as a release in another namespace sends it. */
  static Notification inNamespace(Notification n, String namespace) {
    return new Notification(n.id(), n.kind(), n.urgent(), namespace, n.workflowId(), n.runId(), n.application(),
        n.version(), n.gate(), n.title(), n.text(), n.sns(), n.webhook());
  }

  /** The notification with another title. */
  static Notification titled(Notification n, String title) {
    return new Notification(n.id(), n.kind(), n.urgent(), n.namespace(), n.workflowId(), n.runId(), n.application(),
        n.version(), n.gate(), title, n.text(), n.sns(), n.webhook());
  }

  /** The rollback did not complete. */
  static Notification rollbackFailed(int n, String sns, String webhook) {
    return new Notification(WORKFLOW_ID + "/" + RUN_ID + "/" + n, NotificationKind.ROLLBACK_FAILED, true, "default",
        WORKFLOW_ID, RUN_ID, "payments", "1.4.2", null, "payments 1.4.2: ROLLBACK_FAILED in eu-west-1",
        "alias payments-api:live in eu-west-1 could not be restored to 7: AccessDenied.\nFix it, then run shepherd"
            + " rollback payments/1.4.2.", sns, webhook);
  }
}
