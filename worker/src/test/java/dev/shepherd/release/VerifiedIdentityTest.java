package dev.shepherd.release;

import dev.shepherd.release.operator.GateDecision;
import dev.shepherd.release.operator.OperatorAction;
import dev.shepherd.release.status.AuditEntry;
import dev.shepherd.release.status.GateState;
import dev.shepherd.release.status.GateStatus;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.identity.Proof;
import dev.shepherd.identity.Statement;
import dev.shepherd.policy.ApplicationPolicy;
import dev.shepherd.policy.ResourceAllowance;
import dev.shepherd.proof.AllowedSigners;
import dev.shepherd.proof.IdentityVerifier;
import dev.shepherd.proof.SshSigner;
import dev.shepherd.proof.Statements;
import dev.shepherd.sim.SimulatedCloud;
import dev.shepherd.spec.ReleaseSpec;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowUpdateException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four eyes between verified people: the worker verifies SSH-signed statements against its release policy,
 * and every forgery an operator could try by naming someone else is refused (an update) or ignored and
 * audited (a signal), with the gate left waiting.
 */
class VerifiedIdentityTest {

  private static final String NAMESPACE = "default";
  private static final String DIGEST = "sha256:" + "ab".repeat(32);
  private static final Map<String, Path> KEYS = new HashMap<>();
  /** What the test specs name: payments-api, payments-build and -it, /payments/ flags. */
  private static final ResourceAllowance PAYMENTS_RESOURCES = new ResourceAllowance(List.of("payments-*"),
      List.of("/payments/"), List.of(), List.of("payments-*"));
  private static AllowedSigners signers;

  @TempDir
  static Path keys;

  @BeforeAll
  static void keys() throws Exception {
    StringBuilder allowed = new StringBuilder();
    // alice-ops is alice's second key (the policy maps it to her); mallory's key is listed nowhere.
    for (String who : List.of("alice", "alice-ops", "bob", "carol", "mallory")) {
      Path key = keys.resolve(who);
      Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f", key.toString())
          .redirectErrorStream(true).start();
      assertThat(p.waitFor()).isZero();
      KEYS.put(who, key);
      if (!who.equals("mallory")) {
        String pub = Files.readString(Path.of(key + ".pub")).trim();
        allowed.append(who).append(' ').append(pub).append('\n');
      }
    }
    signers = AllowedSigners.parse(allowed.toString(), "allowed_signers");
  }

  private static TestIdentityPolicy policy(Set<String> methods, boolean selfApproval) {
    return new TestIdentityPolicy(methods, signers, Map.of("alice-ops", "alice"),
        new ApplicationPolicy("payments", DIGEST, List.of("alice", "carol"),
            Map.of("*", List.of("alice", "bob")), selfApproval, Duration.ZERO, PAYMENTS_RESOURCES));
  }

  private static ReleaseHarness harness(ReleaseSpec spec, TestIdentityPolicy policy) {
    return new ReleaseHarness(spec, SimulatedCloud.forSpec(spec), new IdentityVerifier(policy, Clock.systemUTC()));
  }

  private static ReleaseHarness harness() {
    return harness(TestSpecs.twoWaves(), policy(Set.of(Proof.SSH), false));
  }

  private static Proof sign(String key, Statement statement) {
    return Proof.ssh(statement, SshSigner.sign(statement.text().getBytes(StandardCharsets.UTF_8), KEYS.get(key),
        Duration.ofSeconds(20)));
  }

  private static Instant soon() {
    return Instant.now().plus(Duration.ofMinutes(5));
  }

  /** Starts a release with the initiator's signed statement. */
  private static ReleaseHarness.Run start(ReleaseHarness h, String key, String initiator) {
    String id = ReleaseIds.release(h.spec.application(), "1.4.2");
    Proof proof = sign(key, Statements.start(NAMESPACE, id, new ReleaseRequest(h.spec, "1.4.2", initiator, null),
        initiator, soon()));
    WorkflowExecution e = h.releases.start(new ReleaseRequest(h.spec, "1.4.2", initiator, null, false, proof));
    return h.new Run(e.getWorkflowId());
  }

  private static Statement approval(ReleaseHarness.Run run, String actor, String gate, String action, String comment) {
    ReleaseStatus s = run.status();
    var client = run.client();
    String runId = client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
        io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(run.workflowId))
            .build()).getWorkflowExecutionInfo().getExecution().getRunId();
    return Statements.action(NAMESPACE, run.workflowId, runId, action, gate, s.artifactSha256(), actor, comment, soon());
  }

  private static void assertGateStillWaiting(ReleaseHarness.Run run) {
    ReleaseStatus s = run.status();
    assertThat(s.gates().get(0).state()).isEqualTo(GateState.WAITING);
    assertThat(s.audit()).extracting(AuditEntry::action).doesNotContain("APPROVED");
  }

  @Test
  void givenSignedStatements_theInitiatorAndTheApproverAreVerifiedAndRecordedWithTheirKeys() {
    try (var h = harness()) {
      var run = start(h, "carol", "carol");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      ReleaseStatus waiting = run.status();
      assertThat(waiting.initiatorIdentity().verified()).isTrue();
      assertThat(waiting.initiatorIdentity().evidence()).startsWith("key SHA256:");
      assertThat(waiting.policyDigest()).isEqualTo(DIGEST);

      run.stub.approve(new GateDecision("rest", "bob", "canary fine", sign("bob", approval(run, "bob", "rest", "approve", "canary fine"))));

      ReleaseStatus done = run.result().status();
      run.recordHistories("verified-approval");
      assertThat(done.phase()).isEqualTo(ReleasePhase.RELEASED);
      GateStatus gate = done.gates().get(0);
      assertThat(gate.decidedBy()).isEqualTo("bob");
      assertThat(gate.decider().verified()).isTrue();
      assertThat(gate.decider().method()).isEqualTo(Proof.SSH);
      assertThat(done.audit()).filteredOn(e -> e.action().equals("APPROVED")).singleElement()
          .satisfies(e -> {
            assertThat(e.actor()).isEqualTo("bob");
            assertThat(e.identity()).startsWith("ssh key SHA256:");
          });
      assertThat(done.audit().get(0)).satisfies(e -> {
        assertThat(e.action()).isEqualTo("STARTED");
        assertThat(e.actor()).isEqualTo("carol");
        assertThat(e.identity()).startsWith("ssh key SHA256:");
      });
    }
  }

  @Test
  void givenEveryForgeryOfAnApproval_eachIsRefusedAndTheGateStaysWaiting() {
    try (var h = harness()) {
      var run = start(h, "alice", "alice");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);

      // USER=bob shepherd approve: a name without a proof.
      assertThatThrownBy(() -> run.stub.approve(new GateDecision("rest", "bob", null)))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("a proof of identity is required");
      // --as bob, signed with the initiator's own key.
      assertThatThrownBy(() -> run.stub.approve(new GateDecision("rest", "bob", null,
          sign("alice", approval(run, "bob", "rest", "approve", null)))))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("claims to be bob but is signed by alice");
      // The initiator approving as herself.
      assertThatThrownBy(() -> run.stub.approve(new GateDecision("rest", "alice", null,
          sign("alice", approval(run, "alice", "rest", "approve", null)))))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("may not approve it");
      // The initiator under a second name that the policy maps to her.
      assertThatThrownBy(() -> run.stub.approve(new GateDecision("rest", "alice-ops", null,
          sign("alice-ops", approval(run, "alice-ops", "rest", "approve", null)))))
          .isInstanceOf(WorkflowUpdateException.class)
          .hasStackTraceContaining("alice-ops is alice (ssh key SHA256:");
      // A key that is not an allowed signer.
      assertThatThrownBy(() -> run.stub.approve(new GateDecision("rest", "mallory", null,
          sign("mallory", approval(run, "mallory", "rest", "approve", null)))))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("proof refused");
      // Bob's signature over a statement for another gate, another decision, another release.
      assertThatThrownBy(() -> run.stub.approve(new GateDecision("rest", "bob", null,
          sign("bob", approval(run, "bob", "flag", "approve", null)))))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("signed for gate flag, not rest");
      assertThatThrownBy(() -> run.stub.approve(new GateDecision("rest", "bob", "no",
          sign("bob", approval(run, "bob", "rest", "reject", "no")))))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("signed to reject, not to approve");
      Statement elsewhere = approval(run, "bob", "rest", "approve", null);
      Statement other = new Statement(elsewhere.namespace(), "release/payments/9.9.9", elsewhere.runId(), "approve", "rest",
          elsewhere.artifact(), elsewhere.request(), "bob", elsewhere.comment(), elsewhere.nonce(), elsewhere.expires());
      assertThatThrownBy(() -> run.stub.approve(new GateDecision("rest", "bob", null, sign("bob", other))))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("signed for release release/payments/9.9.9");
      // An expired statement, and one valid for longer than the policy allows.
      Statement fresh = approval(run, "bob", "rest", "approve", null);
      for (Instant expires : List.of(Instant.now().minusSeconds(5), Instant.now().plus(Duration.ofHours(2)))) {
        Statement timed = new Statement(fresh.namespace(), fresh.workflowId(), fresh.runId(), "approve", "rest",
            fresh.artifact(), fresh.request(), "bob", fresh.comment(), fresh.nonce() + expires.getEpochSecond(), expires);
        assertThatThrownBy(() -> run.stub.approve(new GateDecision("rest", "bob", null, sign("bob", timed))))
            .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("proof refused");
      }
      // A comment swapped after signing.
      assertThatThrownBy(() -> run.stub.approve(new GateDecision("rest", "bob", "something else",
          sign("bob", approval(run, "bob", "rest", "approve", "looks fine")))))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("another comment");

      assertGateStillWaiting(run);
      assertThat(ReleaseHarness.audit(run.status())).isEmpty();

      // A signed approval by bob goes through, and the same signed statement cannot be taken again.
      Statement good = approval(run, "bob", "rest", "approve", null);
      Proof proof = sign("bob", good);
      run.stub.approve(new GateDecision("rest", "bob", null, proof));
      assertThat(run.result().status().phase()).isEqualTo(ReleasePhase.RELEASED);
      run.recordHistories("verified-forgeries");
    }
  }

  @Test
  void givenASignedStatementTakenOnce_theSameStatementIsRefusedWhenSentAgain() {
    try (var h = harness()) {
      var run = start(h, "carol", "carol");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      // Bob's signed abort, taken once; sent again, it is refused as a replay before anything else.
      Statement abort = approval(run, "bob", null, "abort", "freeze");
      Proof proof = sign("bob", abort);
      run.stub.abort(new OperatorAction("bob", "freeze", proof));
      assertThatThrownBy(() -> run.stub.abort(new OperatorAction("bob", "freeze", proof)))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("already used");
      assertThat(run.failureType()).isEqualTo(FailureType.ABORTED.name());
      assertThat(run.status().audit()).filteredOn(e -> e.action().equals("ABORTED")).hasSize(1);
    }
  }

  @Test
  void givenSignals_oneWithoutAProofAndAForgedOneAreIgnoredAndAuditedAndASignedOneApproves() {
    try (var h = harness()) {
      var run = start(h, "carol", "carol");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.signal(ReleaseWorkflow.APPROVE_SIGNAL, new GateDecision("rest", "bob", null));
      run.signal(ReleaseWorkflow.APPROVE_SIGNAL, new GateDecision("rest", "bob", null,
          sign("carol", approval(run, "bob", "rest", "approve", null))));
      ReleaseStatus refused = run.awaitStatus("two ignored signals",
          s -> s.audit().stream().filter(e -> e.action().equals("IGNORED_SIGNAL")).count() == 2);
      assertThat(refused.audit()).filteredOn(e -> e.action().equals("IGNORED_SIGNAL")).extracting(AuditEntry::detail)
          .satisfiesExactly(
              d -> assertThat(d).contains("a proof of identity is required"),
              d -> assertThat(d).contains("claims to be bob but is signed by carol"));
      assertGateStillWaiting(run);

      run.signal(ReleaseWorkflow.APPROVE_SIGNAL, new GateDecision("rest", "bob", "ok",
          sign("bob", approval(run, "bob", "rest", "approve", "ok"))));
      ReleaseStatus done = run.result().status();
      run.recordHistories("verified-signals");
      assertThat(done.gates().get(0).decider().describe()).startsWith("bob (ssh key SHA256:");
    }
  }

  @Test
  void givenStartsThePolicyDoesNotAllow_eachReleaseFailsForbiddenBeforeAnythingChanged() {
    record Attempt(String key, String initiator, String why) {}
    for (Attempt a : List.of(
        new Attempt("mallory", "mallory", "is not in the allowed signers"),
        new Attempt("bob", "bob", "bob (ssh key SHA256:"),
        new Attempt("bob", "carol", "claims to be carol but is signed by bob"))) {
      try (var h = harness()) {
        var run = start(h, a.key(), a.initiator());
        assertThat(run.failureType()).isEqualTo(FailureType.FORBIDDEN.name());
        ReleaseStatus s = run.status();
        assertThat(s.failure()).contains(a.why());
        assertThat(s.buildId()).isNull();
        assertThat(h.cloud.operations()).isEmpty();
      }
    }
    try (var h = harness()) {
      // A start signed for another spec (here: other bakes) does not start this one.
      String id = ReleaseIds.release("payments", "1.4.2");
      ReleaseSpec other = TestSpecs.twoWaves(h.spec.policy(), Duration.ofSeconds(2), Duration.ofSeconds(2));
      Proof proof = sign("carol", Statements.start(NAMESPACE, id, new ReleaseRequest(other, "1.4.2", "carol", null),
          "carol", soon()));
      var run = h.new Run(h.releases.start(new ReleaseRequest(h.spec, "1.4.2", "carol", null, false, proof)).getWorkflowId());
      assertThat(run.failureType()).isEqualTo(FailureType.FORBIDDEN.name());
      assertThat(run.status().failure()).contains("signed for another start request");
    }
    try (var h = harness()) {
      // Carol's signed start, sent with another source revision to build: refused.
      String id = ReleaseIds.release("payments", "1.4.2");
      Proof proof = sign("carol", Statements.start(NAMESPACE, id, new ReleaseRequest(h.spec, "1.4.2", "carol", null),
          "carol", soon()));
      var run = h.new Run(h.releases.start(new ReleaseRequest(h.spec, "1.4.2", "carol", "evil-commit", false, proof))
          .getWorkflowId());
      assertThat(run.failureType()).isEqualTo(FailureType.FORBIDDEN.name());
      assertThat(run.status().failure()).contains("signed for another start request");
    }
  }

  @Test
  void givenTheSpecNarrowsThePolicysApprovers_someoneTheSpecLeavesOutIsRefused() {
    ReleaseSpec spec = TestSpecs.twoWaves();
    ReleaseSpec onlyAlice = new ReleaseSpec(spec.application(), spec.build(), spec.test(), spec.deploy(), spec.alarms(),
        spec.waves(), spec.flag(), List.of("alice"), spec.policy());
    try (var h = harness(onlyAlice, policy(Set.of(Proof.SSH), false))) {
      var run = start(h, "carol", "carol");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      assertThatThrownBy(() -> run.stub.approve(new GateDecision("rest", "bob", null,
          sign("bob", approval(run, "bob", "rest", "approve", null)))))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("is not an approver of gate rest")
          .hasStackTraceContaining("approvers: alice)");
      assertGateStillWaiting(run);
    }
  }

  @Test
  void givenASpecNamingApproversThePolicyDoesNot_theSpecCannotWidenThePolicy() {
    TestIdentityPolicy onlyBob = new TestIdentityPolicy(Set.of(Proof.SSH), signers, Map.of(),
        new ApplicationPolicy("payments", DIGEST, List.of("carol"), Map.of("*", List.of("bob")), false, Duration.ZERO,
            PAYMENTS_RESOURCES));
    try (var h = harness(TestSpecs.twoWaves(), onlyBob)) { // the spec's approvers are alice and bob
      var run = start(h, "carol", "carol");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      assertThatThrownBy(() -> run.stub.approve(new GateDecision("rest", "alice", null,
          sign("alice", approval(run, "alice", "rest", "approve", null)))))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("approvers: bob)");
      assertGateStillWaiting(run);
    }
  }

  @Test
  void givenAWorkerWithAnotherPolicyVerifiesAnApproval_theReleaseRefusesItsVerdict() {
    TestIdentityPolicy admitted = policy(Set.of(Proof.SSH), false);
    TestIdentityPolicy stale = new TestIdentityPolicy(Set.of(Proof.SSH), signers, Map.of(),
        new ApplicationPolicy("payments", "sha256:" + "99".repeat(32), List.of("carol"),
            Map.of("*", List.of("bob")), false, Duration.ZERO, PAYMENTS_RESOURCES));
    IdentityVerifier admitting = new IdentityVerifier(admitted, Clock.systemUTC());
    IdentityVerifier verifying = new IdentityVerifier(stale, Clock.systemUTC());
    dev.shepherd.identity.IdentityActivities twoWorkers = new dev.shepherd.identity.IdentityActivities() {
      @Override
      public dev.shepherd.identity.Admission admit(dev.shepherd.identity.AdmitRequest request) {
        return admitting.admit(request);
      }

      @Override
      public dev.shepherd.identity.Verdict verify(dev.shepherd.identity.VerifyRequest request) {
        return verifying.verify(request);
      }
    };
    ReleaseSpec spec = TestSpecs.twoWaves();
    try (var h = new ReleaseHarness(spec, SimulatedCloud.forSpec(spec), twoWorkers)) {
      var run = start(h, "carol", "carol");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      assertThatThrownBy(() -> run.stub.approve(new GateDecision("rest", "bob", null,
          sign("bob", approval(run, "bob", "rest", "approve", null)))))
          .isInstanceOf(WorkflowUpdateException.class).hasStackTraceContaining("every worker must load the same policy");
      assertGateStillWaiting(run);
    }
  }

  @Test
  void givenAPolicyThatAllowsSelfApproval_theInitiatorMayApproveTheirOwnRelease() {
    try (var h = harness(TestSpecs.twoWaves(), policy(Set.of(Proof.SSH), true))) {
      var run = start(h, "alice", "alice");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.stub.approve(new GateDecision("rest", "alice", null, sign("alice", approval(run, "alice", "rest", "approve", null))));
      assertThat(run.result().status().gates().get(0).decidedBy()).isEqualTo("alice");
    }
  }

  @Test
  void givenAPolicyThatAllowsInsecureNames_aNameAsGivenIsTakenAndMarkedUnverified() {
    try (var h = harness(TestSpecs.twoWaves(), policy(Set.of(Proof.SSH, Proof.INSECURE), false))) {
      var run = h.start("1.4.2", "carol");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      assertThat(run.status().initiatorIdentity().verified()).isFalse();
      run.stub.approve(new GateDecision("rest", "bob", null));
      ReleaseStatus done = run.result().status();
      assertThat(done.gates().get(0).decider().verified()).isFalse();
      assertThat(done.audit()).filteredOn(e -> e.action().equals("APPROVED")).singleElement()
          .extracting(AuditEntry::identity).isEqualTo("UNVERIFIED");
    }
  }
}
