package dev.shepherd.release.operator;

import dev.shepherd.release.story.Changes;
import dev.shepherd.release.story.Halt;
import dev.shepherd.release.story.ReleaseState;
import dev.shepherd.identity.Admission;
import dev.shepherd.identity.AdmitRequest;
import dev.shepherd.identity.Binding;
import dev.shepherd.identity.IdentityActivities;
import dev.shepherd.identity.Proof;
import dev.shepherd.identity.Verdict;
import dev.shepherd.identity.VerifiedPrincipal;
import dev.shepherd.identity.VerifyRequest;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Who sends what to a release. The worker verifies every proof in a local activity (never the client),
 * and its answer is recorded in the history, so a replay judges each message as it was judged. The release
 * itself keeps the nonces it has taken and judges the verified principal by the policy it was admitted
 * under ({@link OperatorRules}).
 *
 * <p>Releases recorded before verified identity ({@link Changes#VERIFIED_IDENTITY}) go on as they were: names as given,
 * the spec's approvers.
 */
public final class Identity {

  private static final LocalActivityOptions OPTIONS = LocalActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(20))
      .setScheduleToCloseTimeout(Duration.ofMinutes(1))
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2.0)
          .setMaximumAttempts(4)
          .build())
      .build();

  private final ReleaseState state;
  private final IdentityActivities verifier = Workflow.newLocalActivityStub(IdentityActivities.class, OPTIONS);

  public Identity(ReleaseState state) {
    this.state = state;
  }

  /**
   * Verifies the initiator and records the application's policy. Returns why the release may not begin, or
   * null when it may.
   */
  public String admit() {
    if (!state.changes.verifiedIdentity()) {
      state.admitted(null);
      return null;
    }
    Admission admission;
    try {
      admission = verifier.admit(new AdmitRequest(binding("start", null, state.request.initiator(), null),
          state.request));
    } catch (ActivityFailure e) {
      return "the worker could not verify who started the release: " + Halt.rootMessage(e);
    }
    state.underPolicy(admission.policy(), admission.insecureAllowed());
    Verdict initiator = admission.initiator();
    if (initiator == null || !initiator.accepted()) {
      return initiator == null ? "the worker gave no verdict on the initiator" : initiator.refusal();
    }
    if (initiator.nonce() != null) {
      state.takeNonce(initiator.nonce());
    }
    state.admitted(initiator.principal());
    state.record(initiator.principal(), "STARTED", "release " + state.request.version()
        + (state.policy() != null ? " under release policy " + state.policy().digest() : " (no release policy)"));
    return null;
  }

  /**
   * The worker's verdict on an operator's proof for what the message does; waits for the release to be
   * admitted first, since the policy decides what is accepted. A verifier that cannot be reached is a
   * refusal that says to try again.
   */
  Verdict verify(String action, String gate, String actor, String comment, Proof proof) {
    Workflow.await(() -> state.admitted() || state.phase().isFinal());
    if (!state.admitted()) {
      return Verdict.refused("the release ended before it was admitted");
    }
    Verdict verdict;
    try {
      verdict = verifier.verify(new VerifyRequest(proof, binding(action, gate, actor, comment)));
    } catch (ActivityFailure e) {
      return Verdict.refused("the worker could not verify the proof now (" + Halt.rootMessage(e) + "); try again");
    }
    if (verdict.accepted() && state.policy() != null && !state.policy().digest().equals(verdict.policyDigest())) {
      return Verdict.refused("the worker that verified it runs under " + (verdict.policyDigest() == null
          ? "no release policy" : "release policy " + verdict.policyDigest()) + ", not the release's "
          + state.policy().digest() + "; every worker must load the same policy");
    }
    if (verdict.accepted() && !take(verdict)) {
      return Verdict.refused("proof: this signed statement was already used; sign a new one for each message");
    }
    return verdict;
  }

  /**
   * Takes the verdict's nonce as soon as the proof is verified, whatever is then decided: a proof is used
   * once. Returns false when it was already taken (a replayed proof).
   */
  private boolean take(Verdict verdict) {
    return verdict.nonce() == null || state.takeNonce(verdict.nonce());
  }

  /** How a release recorded before verified identity names whoever sent a message. */
  static VerifiedPrincipal asGiven(String actor) {
    return new VerifiedPrincipal(actor, Proof.INSECURE, "self-asserted", false);
  }

  private Binding binding(String action, String gate, String actor, String comment) {
    String artifact = state.build() == null || state.build().artifactSha256() == null ? null
        : "sha256:" + state.build().artifactSha256();
    return new Binding(Workflow.getInfo().getNamespace(), Workflow.getInfo().getWorkflowId(),
        Workflow.getInfo().getRunId(), action, gate, artifact, actor, comment);
  }
}
