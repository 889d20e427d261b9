package dev.shepherd.cli;

import dev.shepherd.release.status.AuditEntry;
import dev.shepherd.release.status.FlagState;
import dev.shepherd.release.status.FlagStatus;
import dev.shepherd.release.status.GateState;
import dev.shepherd.release.status.GateStatus;
import dev.shepherd.release.status.RegionState;
import dev.shepherd.release.status.RegionStatus;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.release.status.UndoState;
import dev.shepherd.release.status.UndoStatus;
import dev.shepherd.release.status.WaveState;
import dev.shepherd.release.status.WaveStatus;
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
                region("us-east-1", RegionState.ROLLED_BACK, "3", "3", "4", null, null)), Duration.ofHours(1), null, null, null),
            new WaveStatus("rest", WaveState.ROLLBACK_FAILED, List.of(
                region("eu-west-1", RegionState.DRIFTED, "2", "1", "2", null, "7"),
                region("ap-southeast-2", RegionState.ROLLBACK_FAILED, "5", "4", "5",
                    "ACCESS_DENIED: not authorized to perform lambda:UpdateAlias", null)), Duration.ofHours(2), null, null, null),
            new WaveStatus("last", WaveState.CANCELLED, List.of(
                region("sa-east-1", RegionState.SKIPPED, null, "9", null, null, null)), Duration.ZERO, null, null, null)),
        new FlagStatus("SSM /payments/flags/new-checkout", FlagState.DRIFTED, "true", "false", false, null),
        "ALARM: payments-5xx in ap-southeast-2", plan);
  }

  /** A release deploying its second wave; the rollback plan has only registered undos. */
  static ReleaseStatus deploying(String version) {
    return status(version, ReleasePhase.DEPLOYING, "deploying wave rest",
        List.of(new WaveStatus("canary-region", WaveState.DONE, List.of(
                region("us-east-1", RegionState.DEPLOYED, "4", "3", "4", null, null)), Duration.ofHours(1), null, null, null),
            new WaveStatus("rest", WaveState.DEPLOYING, List.of(
                region("eu-west-1", RegionState.CAPTURED, "1", "1", null, null, null)), Duration.ofHours(2), null, null, null)),
        null, null, List.of(
            new UndoStatus("payments-api:live in us-east-1 back to version 3", UndoState.REGISTERED, null),
            new UndoStatus("payments-api:live in eu-west-1 back to version 1", UndoState.REGISTERED, null)));
  }

  /** When {@link #awaitingApproval}'s gate began to wait: 15 minutes in. */
  static final Instant GATE_OPENED = T0.plus(Duration.ofMinutes(15));

  /** Release payments with an SSM flag that did not exist before it. */
  private static final String FLAG = "SSM /payments/flags/new-checkout";

  /**
   * Waiting at gate rest since {@link #GATE_OPENED} (72h approval timeout), the canary wave done in 12m04s,
   * the flag not reached yet.
   */
  static ReleaseStatus awaitingApproval(String version) {
    return new ReleaseStatus("release/payments/" + version, "payments", version, "carol",
        ReleasePhase.AWAITING_APPROVAL, "waiting for approval of gate rest before wave rest (2/2) (approvers: alice, "
            + "bob; not carol); rejects at " + GATE_OPENED.plus(Duration.ofHours(72)),
        List.of(new WaveStatus("canary-region", WaveState.DONE, List.of(
                region("us-east-1", RegionState.DEPLOYED, "4", "3", "4", null, null)), Duration.ofMinutes(5), null,
                T0.plus(Duration.ofMinutes(2)), T0.plus(Duration.ofMinutes(14)).plusSeconds(4)),
            new WaveStatus("rest", WaveState.AWAITING_APPROVAL, List.of(
                region("eu-west-1", RegionState.PENDING, null, null, null, null, null),
                region("ap-southeast-2", RegionState.PENDING, null, null, null, null, null)), Duration.ofHours(1),
                null, null, null)),
        List.of(new GateStatus("rest", GateState.WAITING, null, null, GATE_OPENED, null,
            GATE_OPENED.plus(Duration.ofHours(72)))),
        new FlagStatus(FLAG, FlagState.PENDING, "true", null, false, null), null, null, "payments-build:42",
        "s3://artifacts/payments/" + version + ".zip", T0, GATE_OPENED, List.of(), List.of(), "9f86d081");
  }

  /** The canary of the first wave: us-east-1 still mainly on v3, v4 getting 10% of its traffic. */
  static ReleaseStatus canary(String version) {
    RegionStatus canary = new RegionStatus(Region.of("us-east-1"), RegionState.CANARY, "3", "3", "4", 10, null, null);
    return withWaves(deploying(version), ReleasePhase.DEPLOYING, "deploying wave canary-region (1/2) to us-east-1",
        List.of(new WaveStatus("canary-region", WaveState.DEPLOYING, List.of(canary), Duration.ofMinutes(5), null,
            T0.plus(Duration.ofMinutes(2)), null)));
  }

  /** The first wave baking (5m) until {@code bakeEnds}, as the workflow says it: to the millisecond. */
  static ReleaseStatus baking(String version, Instant bakeEnds) {
    return withWaves(deploying(version), ReleasePhase.BAKING, "baking wave canary-region (1/2) until " + bakeEnds
            + "; watching alarms in us-east-1",
        List.of(new WaveStatus("canary-region", WaveState.BAKING, List.of(
            region("us-east-1", RegionState.DEPLOYED, "4", "3", "4", null, null)), Duration.ofMinutes(5), bakeEnds,
            T0.plus(Duration.ofMinutes(2)), null)));
  }

  /**
   * Rolled back after an alarm in the canary: us-east-1 tried v4 and is back on v3; the second wave and the
   * flag were never reached.
   */
  static ReleaseStatus rolledBack(String version) {
    return new ReleaseStatus("release/payments/" + version, "payments", version, "carol", ReleasePhase.ROLLED_BACK,
        "rolled back: every change is undone", List.of(
            new WaveStatus("canary-region", WaveState.ROLLED_BACK, List.of(
                region("us-east-1", RegionState.ROLLED_BACK, "3", "3", "4", null, null)), Duration.ofMinutes(5),
                null, T0.plus(Duration.ofMinutes(2)), null),
            new WaveStatus("rest", WaveState.CANCELLED, List.of(
                region("eu-west-1", RegionState.SKIPPED, null, null, null, null, null)), Duration.ofHours(1), null,
                null, null)),
        List.of(new GateStatus("rest", GateState.PENDING, null, null, null, null, null)),
        new FlagStatus(FLAG, FlagState.SKIPPED, "true", null, false, null), null,
        "ALARM: payments-5xx in us-east-1 during the canary", "payments-build:42",
        "s3://artifacts/payments/" + version + ".zip", T0, T0.plus(Duration.ofMinutes(9)).plusSeconds(30), List.of(),
        List.of(new UndoStatus("payments-api:live in us-east-1 back to version 3", UndoState.RESTORED, null)),
        "9f86d081");
  }

  /** Released in 1h02m05s: every region on v4, the flag set where it did not exist before. */
  static ReleaseStatus released(String version) {
    ReleaseStatus waiting = awaitingApproval(version);
    return new ReleaseStatus(waiting.workflowId(), "payments", version, "carol", ReleasePhase.RELEASED,
        "released: every region serves " + version + " and the flag is on", List.of(
            new WaveStatus("canary-region", WaveState.DONE, List.of(
                region("us-east-1", RegionState.DEPLOYED, "4", "3", "4", null, null)), Duration.ofMinutes(5), null,
                T0.plus(Duration.ofMinutes(2)), T0.plus(Duration.ofMinutes(14)).plusSeconds(4)),
            new WaveStatus("rest", WaveState.DONE, List.of(
                region("eu-west-1", RegionState.DEPLOYED, "8", "7", "8", null, null)), Duration.ofHours(1), null,
                GATE_OPENED.plusSeconds(90), T0.plus(Duration.ofHours(1)))),
        List.of(new GateStatus("rest", GateState.APPROVED, "bob", "canary fine", GATE_OPENED,
            GATE_OPENED.plusSeconds(90), GATE_OPENED.plus(Duration.ofHours(72)))),
        new FlagStatus(FLAG, FlagState.ON, "true", null, true, null), null, null, "payments-build:42",
        "s3://artifacts/payments/" + version + ".zip", T0, T0.plus(Duration.ofHours(1)).plusSeconds(125),
        List.of(new AuditEntry(GATE_OPENED.plusSeconds(90), "bob", "APPROVED", "rest")), List.of(), "9f86d081");
  }

  /** The same status with another flag. */
  static ReleaseStatus withFlag(ReleaseStatus s, FlagStatus flag) {
    return new ReleaseStatus(s.workflowId(), s.application(), s.version(), s.initiator(), s.phase(), s.activity(),
        s.waves(), s.gates(), flag, s.pause(), s.failure(), s.buildId(), s.artifactLocation(), s.startedAt(),
        s.updatedAt(), s.audit(), s.rollbackPlan(), s.artifactSha256());
  }

  private static ReleaseStatus withWaves(ReleaseStatus s, ReleasePhase phase, String activity, List<WaveStatus> waves) {
    return new ReleaseStatus(s.workflowId(), s.application(), s.version(), s.initiator(), phase, activity, waves,
        s.gates(), s.flag(), s.pause(), s.failure(), s.buildId(), s.artifactLocation(), s.startedAt(), s.updatedAt(),
        s.audit(), s.rollbackPlan(), s.artifactSha256());
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
        List.of(new GateStatus("rest", GateState.APPROVED, "alice", "canary fine", T0, T0.plusSeconds(60),
            T0.plus(Duration.ofHours(72)))),
        flag, null, failure, "payments-build:42", "s3://artifacts/payments/" + version + ".zip", T0,
        T0.plusSeconds(600), List.of(new AuditEntry(T0.plusSeconds(60), "alice", "APPROVED", "rest")), plan,
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  }

  private static RegionStatus region(String code, RegionState state, String version, String previous,
      String newVersion, String detail, String found) {
    return new RegionStatus(Region.of(code), state, version, previous, newVersion, 0, detail, found);
  }
}
