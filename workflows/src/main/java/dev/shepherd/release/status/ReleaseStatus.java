package dev.shepherd.release.status;

import dev.shepherd.release.lock.LockDecision;
import dev.shepherd.identity.VerifiedPrincipal;
import java.time.Instant;
import java.util.List;

/**
 * Everything about a release, as the {@code status} query returns it.
 *
 * @param workflowId the release's workflow id
 * @param application the application
 * @param version the version being released
 * @param initiator who started it
 * @param phase where it is
 * @param activity what it is doing right now, in words
 * @param waves every wave with its regions
 * @param gates every approval gate with who decided what
 * @param flag the feature flag, or null when the spec has none
 * @param pause why the release is paused and until when, or null
 * @param failure why the release failed, or null
 * @param buildId the build that produced the artifact, or null before it finished
 * @param artifactLocation the artifact, or null before the build finished
 * @param artifactSha256 the SHA-256 (hex) of the artifact every region deploys, or null before the
 *     build finished
 * @param startedAt when the release started
 * @param updatedAt when the status last changed
 * @param audit operator actions and decisions, oldest first
 * @param rollbackPlan every undo the release registered, in the order registered (rollback runs them
 *     newest first), with how far each got
 * @param lock what the release found at its application's lock (held, queued, refused); null until it went
 *     for it
 * @param initiatorIdentity how the initiator was verified (or that they were not); null until the release
 *     was admitted, and for releases from before verified identity
 * @param policyDigest the digest of the release policy the release runs under ({@code sha256:...}); null
 *     when its worker has no policy
 */
public record ReleaseStatus(
    String workflowId,
    String application,
    String version,
    String initiator,
    ReleasePhase phase,
    String activity,
    List<WaveStatus> waves,
    List<GateStatus> gates,
    FlagStatus flag,
    PauseStatus pause,
    String failure,
    String buildId,
    String artifactLocation,
    Instant startedAt,
    Instant updatedAt,
    List<AuditEntry> audit,
    List<UndoStatus> rollbackPlan,
    String artifactSha256,
    LockDecision lock,
    VerifiedPrincipal initiatorIdentity,
    String policyDigest) {

  /** A status without identity (before the release was admitted, or from before verified identity). */
  public ReleaseStatus(String workflowId, String application, String version, String initiator, ReleasePhase phase,
      String activity, List<WaveStatus> waves, List<GateStatus> gates, FlagStatus flag, PauseStatus pause,
      String failure, String buildId, String artifactLocation, Instant startedAt, Instant updatedAt,
      List<AuditEntry> audit, List<UndoStatus> rollbackPlan, String artifactSha256, LockDecision lock) {
    this(workflowId, application, version, initiator, phase, activity, waves, gates, flag, pause, failure, buildId,
        artifactLocation, startedAt, updatedAt, audit, rollbackPlan, artifactSha256, lock, null, null);
  }

  /** A status without the lock decision (one the release has not made yet, or from before it made any). */
  public ReleaseStatus(String workflowId, String application, String version, String initiator, ReleasePhase phase,
      String activity, List<WaveStatus> waves, List<GateStatus> gates, FlagStatus flag, PauseStatus pause,
      String failure, String buildId, String artifactLocation, Instant startedAt, Instant updatedAt,
      List<AuditEntry> audit, List<UndoStatus> rollbackPlan, String artifactSha256) {
    this(workflowId, application, version, initiator, phase, activity, waves, gates, flag, pause, failure, buildId,
        artifactLocation, startedAt, updatedAt, audit, rollbackPlan, artifactSha256, null);
  }
}
