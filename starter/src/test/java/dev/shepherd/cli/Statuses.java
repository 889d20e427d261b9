package dev.shepherd.cli;

import dev.shepherd.release.AuditEntry;
import dev.shepherd.release.FlagState;
import dev.shepherd.release.FlagStatus;
import dev.shepherd.release.GateState;
import dev.shepherd.release.GateStatus;
import dev.shepherd.release.RegionState;
import dev.shepherd.release.RegionStatus;
import dev.shepherd.release.ReleasePhase;
import dev.shepherd.release.ReleaseStatus;
import dev.shepherd.release.UndoState;
import dev.shepherd.release.UndoStatus;
import dev.shepherd.release.WaveState;
import dev.shepherd.release.WaveStatus;
import dev.shepherd.spec.Region;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Release statuses as the workflow reports them, for tests of what the CLI shows. */
final class Statuses {

  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  private Statuses() {}

  /**
   * A release whose rollback did not complete: us-east-1 restored, eu-west-1 moved by someone to v7 after
   * the release left it on v2, ap-southeast-2's undo denied, sa-east-1 never touched, the flag changed by
   * someone.
   */
  static ReleaseStatus rollbackFailed(String version) {
    List<UndoStatus> plan = List.of(
        new UndoStatus("payments-api:live in us-east-1 back to version 3", UndoState.RESTORED, null),
        new UndoStatus("payments-api:live in eu-west-1 back to version 1", UndoState.DRIFTED,
            "found on version 7, not on version 2 as this release left it; left alone"),
        new UndoStatus("payments-api:live in ap-southeast-2 back to version 4", UndoState.FAILED,
            "ACCESS_DENIED: not authorized to perform lambda:UpdateAlias"),
        new UndoStatus("SSM /payments/flags/new-checkout back to false", UndoState.DRIFTED,
            "found \"maybe\", not \"true\" as this release set it; left alone"));
    return status(version, ReleasePhase.ROLLBACK_FAILED, "waiting for an operator: rollback or abandon",
        List.of(
            new WaveStatus("canary-region", WaveState.ROLLED_BACK, List.of(
                region("us-east-1", RegionState.ROLLED_BACK, "3", "3", "4", null, null)), Duration.ofHours(1), null),
            new WaveStatus("rest", WaveState.ROLLBACK_FAILED, List.of(
                region("eu-west-1", RegionState.DRIFTED, "2", "1", "2", null, "7"),
                region("ap-southeast-2", RegionState.ROLLBACK_FAILED, "5", "4", "5",
                    "ACCESS_DENIED: not authorized to perform lambda:UpdateAlias", null)), Duration.ofHours(2), null),
            new WaveStatus("last", WaveState.CANCELLED, List.of(
                region("sa-east-1", RegionState.SKIPPED, null, "9", null, null, null)), Duration.ZERO, null)),
        new FlagStatus("SSM /payments/flags/new-checkout", FlagState.DRIFTED, "true", "false"),
        "ALARM: payments-5xx in ap-southeast-2", plan);
  }

  /** A release deploying its second wave; the rollback plan has only registered undos. */
  static ReleaseStatus deploying(String version) {
    return status(version, ReleasePhase.DEPLOYING, "deploying wave rest",
        List.of(new WaveStatus("canary-region", WaveState.DONE, List.of(
                region("us-east-1", RegionState.DEPLOYED, "4", "3", "4", null, null)), Duration.ofHours(1), null),
            new WaveStatus("rest", WaveState.DEPLOYING, List.of(
                region("eu-west-1", RegionState.CAPTURED, "1", "1", null, null, null)), Duration.ofHours(2), null)),
        null, null, List.of(
            new UndoStatus("payments-api:live in us-east-1 back to version 3", UndoState.REGISTERED, null),
            new UndoStatus("payments-api:live in eu-west-1 back to version 1", UndoState.REGISTERED, null)));
  }

  /** The same status in another phase. */
  static ReleaseStatus inPhase(ReleaseStatus s, ReleasePhase phase, AuditEntry... more) {
    List<AuditEntry> audit = new ArrayList<>(s.audit());
    audit.addAll(List.of(more));
    return new ReleaseStatus(s.workflowId(), s.application(), s.version(), s.initiator(), phase, s.activity(),
        s.waves(), s.gates(), s.flag(), s.pause(), s.failure(), s.buildId(), s.artifactLocation(), s.startedAt(),
        s.updatedAt(), List.copyOf(audit), s.rollbackPlan(), s.artifactSha256());
  }

  private static ReleaseStatus status(String version, ReleasePhase phase, String activity, List<WaveStatus> waves,
      FlagStatus flag, String failure, List<UndoStatus> plan) {
    return new ReleaseStatus("release/payments/" + version, "payments", version, "carol", phase, activity, waves,
        List.of(new GateStatus("rest", GateState.APPROVED, "alice", "canary fine", T0, T0.plusSeconds(60))),
        flag, null, failure, "payments-build:42", "s3://artifacts/payments/" + version + ".zip", T0,
        T0.plusSeconds(600), List.of(new AuditEntry(T0.plusSeconds(60), "alice", "APPROVED", "rest")), plan,
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  }

  private static RegionStatus region(String code, RegionState state, String version, String previous,
      String newVersion, String detail, String found) {
    return new RegionStatus(Region.of(code), state, version, previous, newVersion, 0, detail, found);
  }
}
