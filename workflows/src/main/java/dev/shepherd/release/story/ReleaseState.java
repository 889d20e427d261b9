package dev.shepherd.release.story;

import dev.shepherd.release.ReleaseIds;
import dev.shepherd.release.ReleaseRequest;
import dev.shepherd.release.ReleaseSearchAttributes;
import dev.shepherd.release.lock.LockDecision;
import dev.shepherd.release.operator.OperatorAction;
import dev.shepherd.release.rollback.RollbackPlan;
import dev.shepherd.release.status.FlagState;
import dev.shepherd.release.status.GateState;
import dev.shepherd.release.status.PauseStatus;
import dev.shepherd.release.status.RegionState;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.release.status.WaveState;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.BuildResult;
import dev.shepherd.cloud.FlagLocation;
import dev.shepherd.identity.VerifiedPrincipal;
import dev.shepherd.policy.ApplicationPolicy;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.WaveSpec;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a release knows about itself, in one place: phase, waves and regions, gates, flag, pause,
 * audit log and rollback plan. The {@code status} query renders it; the Web UI's current details are
 * republished from it on every change.
 */
public final class ReleaseState {

  public static final String SYSTEM = "shepherd";

  public final ReleaseRequest request;
  public final ReleaseSpec spec;
  public final String releaseId;
  final Instant startedAt;
  public final List<WaveTracker> waves = new ArrayList<>();
  public final Map<String, GateTracker> gates = new LinkedHashMap<>();
  public final FlagTracker flag;
  final AuditLog audit = new AuditLog();
  public final RollbackPlan plan = new RollbackPlan(this);
  public final Notifier notifier = new Notifier(this);

  private ReleasePhase phase = ReleasePhase.PREFLIGHT;
  private String activity = "starting";
  Instant updatedAt;
  private BuildResult build;
  private String failure;
  private PauseStatus pause;
  /** Set by the first accepted abort (or rollback of a running release); the release stops at once. */
  private OperatorAction abortedBy;
  /** What the release found at its application's lock; null until it went for it. */
  private LockDecision lock;
  /** Why the release stopped on its own from outside the running step (history near its limit). */
  private Halt forcedHalt;
  /** The workflow-code changes this release runs with (see {@link Changes}). */
  public final Changes changes = new Changes();
  /** The forward part of the release (lock to flag); an abort or a forced halt cancels it. */
  CancellationScope forward;
  /** An operator's answer to the pause now open; null while it waits. */
  private StepRunner.PauseAnswer pauseAnswer;
  /** The alarm (or blind watch) that tripped the guard and has not yet stopped a step; null otherwise. */
  Halt guardTrip;
  /** Whether an operator asked, in ROLLBACK_FAILED, for the undos that are left to run again. */
  private boolean rollbackAgain;
  /** Who closed the release in ROLLBACK_FAILED with its undos left undone; null otherwise. */
  private OperatorAction abandonedBy;

  /** Who started the release, as verified when it was admitted; null before. */
  private VerifiedPrincipal initiatorIdentity;
  /** The application's release policy, recorded when admitted; null when the worker has none. */
  private ApplicationPolicy policy;
  /** Whether messages without a proof are taken (and marked UNVERIFIED); the policy decides. */
  private boolean insecureAllowed = true;
  /** Whether the release has been admitted (its initiator verified and its policy recorded). */
  private boolean admitted;
  /** The nonces of every proof taken, so that none is taken twice. */
  private final Set<String> usedNonces = new LinkedHashSet<>();

  /** What the release is doing now, in words, without a change of phase. */
  public void doing(String what) {
    activity = what;
    touch();
  }

  /** The release failed before it changed anything (an invalid request, not admitted): it ends FAILED. */
  void failedBeforeItBegan(String why) {
    failure = why;
    phase = ReleasePhase.FAILED;
    activity = "failed before anything was changed: " + why;
  }

  /** Why the release stopped going forward. */
  void stoppedBy(String why) {
    failure = why;
  }

  /** The build's artifact, which every region deploys. */
  void built(BuildResult result) {
    build = result;
  }

  /** The release pauses (or its pause changes: an alarm while paused); null when the pause is over. */
  void paused(PauseStatus pause) {
    this.pause = pause;
  }

  public ReleasePhase phase() {
    return phase;
  }

  public String activity() {
    return activity;
  }

  /** Why the release stopped going forward; null while it goes on. */
  public String failure() {
    return failure;
  }

  public BuildResult build() {
    return build;
  }

  /** The pause now open; null when the release is not paused. */
  public PauseStatus pause() {
    return pause;
  }

  // ------------------------------------------------------------------------------------------------
  // What operators and the worker decided: written only through these
  // ------------------------------------------------------------------------------------------------

  /** The release was admitted under {@code policy} (null: the worker has none), which decides what proofs it takes. */
  public void underPolicy(ApplicationPolicy policy, boolean insecureAllowed) {
    this.policy = policy;
    this.insecureAllowed = insecureAllowed;
  }

  /** The release was admitted; {@code initiator} as verified (null for a release from before verified identity). */
  public void admitted(VerifiedPrincipal initiator) {
    initiatorIdentity = initiator;
    admitted = true;
  }

  /** Takes a proof's nonce; false when it was taken before (a replayed proof). */
  public boolean takeNonce(String nonce) {
    return usedNonces.add(nonce);
  }

  /** Whether a proof's nonce was taken before. */
  public boolean nonceTaken(String nonce) {
    return usedNonces.contains(nonce);
  }

  /** What the release found at its application's lock. */
  public void lockFound(LockDecision decision) {
    lock = decision;
  }

  /** An operator aborted the release (or rolled back a running one): whatever runs stops, and it rolls back. */
  public void aborted(OperatorAction by) {
    abortedBy = by;
  }

  /** The release stops on its own, from outside the running step (its history is near Temporal's limit). */
  public void halted(Halt why) {
    forcedHalt = why;
  }

  /** An operator answered the pause now open. */
  public void pauseAnswered(StepRunner.PauseAnswer answer) {
    pauseAnswer = answer;
  }

  /** An operator asked, in ROLLBACK_FAILED, for the undos that are left to run again. */
  public void rollbackAgainRequested() {
    rollbackAgain = true;
  }

  /** An operator closed the release in ROLLBACK_FAILED, its undos left undone. */
  public void abandoned(OperatorAction by) {
    abandonedBy = by;
  }

  /** A pause opens: no answer yet. */
  void pauseOpened() {
    pauseAnswer = null;
  }

  /**
   * In ROLLBACK_FAILED: waits until an operator has the undos that are left run again (true) or abandons the
   * release (false).
   */
  boolean awaitRollbackAgainOrAbandon() {
    rollbackAgain = false;
    Workflow.await(() -> rollbackAgain || abandonedBy != null);
    return abandonedBy == null;
  }

  public OperatorAction abortedBy() {
    return abortedBy;
  }

  public LockDecision lock() {
    return lock;
  }

  public Halt forcedHalt() {
    return forcedHalt;
  }

  public StepRunner.PauseAnswer pauseAnswer() {
    return pauseAnswer;
  }

  public boolean rollbackAgain() {
    return rollbackAgain;
  }

  public OperatorAction abandonedBy() {
    return abandonedBy;
  }

  public VerifiedPrincipal initiatorIdentity() {
    return initiatorIdentity;
  }

  public ApplicationPolicy policy() {
    return policy;
  }

  public boolean insecureAllowed() {
    return insecureAllowed;
  }

  public boolean admitted() {
    return admitted;
  }

  /** The canary analysis of a wave, when this release acts on it; null otherwise. */
  dev.shepherd.spec.AnalysisSpec analysisFor(dev.shepherd.spec.WaveSpec wave) {
    return changes.observes() ? spec.analysisFor(wave) : null;
  }

  /** The smoke-test hooks, when this release runs them; null otherwise. */
  dev.shepherd.spec.HooksSpec hooks() {
    return changes.observes() ? spec.hooks() : null;
  }

  /** Where notifications go, when this release sends them; null otherwise. */
  dev.shepherd.spec.NotificationsSpec notifications() {
    return changes.observes() && spec != null ? spec.notifications() : null;
  }

  ReleaseState(ReleaseRequest request) {
    this.request = request;
    this.spec = request == null ? null : request.spec();
    // From the input, not the running id: child ids must be the same when a history is replayed.
    this.releaseId = spec == null || spec.application() == null ? Workflow.getInfo().getWorkflowId()
        : ReleaseIds.release(spec.application(), request.version());
    this.startedAt = now();
    this.updatedAt = startedAt;
    FlagTracker flagTracker = null;
    if (spec != null) {
      List<WaveSpec> waveSpecs = spec.waves() == null ? List.of() : spec.waves();
      for (int i = 0; i < waveSpecs.size(); i++) {
        if (waveSpecs.get(i) != null && waveSpecs.get(i).regions() != null) {
          waves.add(new WaveTracker(waveSpecs.get(i), i));
        }
      }
      try {
        for (String gate : spec.gateNames()) {
          gates.put(gate, new GateTracker(gate));
        }
      } catch (RuntimeException invalidSpec) {
        // An invalid spec is refused in run(); the state just stays empty.
      }
      if (spec.flag() != null && spec.allRegions() != null && !spec.allRegions().isEmpty()) {
        Region region = spec.flag().region() != null ? spec.flag().region() : spec.allRegions().get(0);
        flagTracker = new FlagTracker(new FlagLocation(region, spec.flag().ssm(), spec.flag().appconfig()), spec.flag());
      }
    }
    this.flag = flagTracker;
  }

  /** Moves to a phase with what the release is doing, in words; publishes the phase for the Web UI. */
  public void enter(ReleasePhase next, String what) {
    boolean changed = next != phase;
    phase = next;
    activity = what;
    touch();
    if (changed) {
      Workflow.upsertTypedSearchAttributes(ReleaseSearchAttributes.PHASE.valueSet(next.name()));
    }
  }

  /** Started without ReleaseClient (e.g. from the Temporal CLI): publishes what the Web UI filters on. */
  void publishSearchAttributes() {
    if (Workflow.getTypedSearchAttributes().get(ReleaseSearchAttributes.APPLICATION) == null) {
      Workflow.upsertTypedSearchAttributes(
          ReleaseSearchAttributes.APPLICATION.valueSet(spec.application()),
          ReleaseSearchAttributes.VERSION.valueSet(request.version()),
          ReleaseSearchAttributes.INITIATOR.valueSet(request.initiator()),
          ReleaseSearchAttributes.PHASE.valueSet(phase.name()));
    }
  }

  /** Marks the status changed and republishes the current details for the Web UI. */
  public void touch() {
    updatedAt = now();
    Workflow.setCurrentDetails(ReleaseDetails.render(this));
  }

  public void record(String actor, String action, String detail) {
    audit.record(now(), actor, action, detail);
    touch();
  }

  /** An entry by a verified (or knowingly unverified) principal. */
  public void record(VerifiedPrincipal who, String action, String detail) {
    audit.record(now(), who.name(), action, detail, identityOf(who));
    touch();
  }

  /** How an audit entry shows who acted: {@code ssh key SHA256:...}, {@code aws arn:...} or UNVERIFIED. */
  public static String identityOf(VerifiedPrincipal who) {
    return who.verified() ? who.method() + " " + who.evidence() : "UNVERIFIED";
  }

  /** Whether this release checks proofs; true from the moment it runs unless recorded before them. */
  public boolean checksIdentity() {
    return changes.checksIdentity();
  }

  /** Stops the forward part of the release (pre-flight to flag) wherever it is; the release then rolls back. */
  public void stopGoingForward(String why) {
    if (forward != null) {
      forward.cancel(why);
    }
  }

  /** The initiator's name as four eyes compares it: the verified principal once admitted. */
  public String initiatorName() {
    return initiatorIdentity != null ? initiatorIdentity.name() : request == null ? null : request.initiator();
  }

  public void ignoredSignal(String actor, String detail) {
    audit.ignored(now(), actor, detail);
    touch();
  }

  /** Regions serving this release's version to all traffic. */
  List<Region> deployedRegions() {
    List<Region> out = new ArrayList<>();
    for (WaveTracker w : waves) {
      for (RegionTracker r : w.regions()) {
        if (r.state() == RegionState.DEPLOYED) {
          out.add(r.region());
        }
      }
    }
    return out;
  }

  public AliasRef aliasIn(Region region) {
    return new AliasRef(region, spec.deploy().lambda().function(), spec.deploy().lambda().alias());
  }

  /** A release that stopped leaves nothing looking as if it still waits or deploys. */
  void closeOutWaiting() {
    Instant now = now();
    for (GateTracker g : gates.values()) {
      g.cancelledIfWaiting(now);
    }
    if (flag != null) {
      flag.baked();
      flag.skippedIfPending();
    }
    for (WaveTracker w : waves) {
      w.stopped();
    }
    touch();
  }

  ReleaseStatus status() {
    return new ReleaseStatus(
        Workflow.getInfo().getWorkflowId(),
        spec == null ? null : spec.application(),
        request == null ? null : request.version(),
        request == null ? null : request.initiator(),
        phase,
        activity,
        waves.stream().map(WaveTracker::toStatus).toList(),
        gates.values().stream().map(GateTracker::toStatus).toList(),
        flag == null ? null : flag.toStatus(),
        pause,
        failure,
        build == null ? null : build.buildId(),
        build == null ? null : build.artifactLocation(),
        startedAt,
        updatedAt,
        audit.entries(),
        plan.toStatus(),
        build == null ? null : build.artifactSha256(),
        lock,
        initiatorIdentity,
        policy == null ? null : policy.digest());
  }

  public static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
