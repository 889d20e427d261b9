package dev.shepherd.proof;

import dev.shepherd.identity.Admission;
import dev.shepherd.identity.AdmitRequest;
import dev.shepherd.identity.Binding;
import dev.shepherd.identity.IdentityActivities;
import dev.shepherd.identity.Proof;
import dev.shepherd.identity.Statement;
import dev.shepherd.identity.Verdict;
import dev.shepherd.identity.VerifiedPrincipal;
import dev.shepherd.identity.VerifyRequest;
import dev.shepherd.policy.ApplicationPolicy;
import dev.shepherd.release.ReleaseRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies proofs of identity on the worker, for {@link IdentityActivities}: parses the signed statement,
 * compares every field with what the message does, checks the expiry, verifies the signature (SSH, against
 * the allowed signers) or has STS answer the presigned request (AWS), and maps what was proved to a person
 * of the release policy. Without a policy, names are taken as given and marked UNVERIFIED.
 *
 * <p>Refusals are answers ({@link Verdict#refused}); only trouble that a retry may cure (STS unreachable)
 * is thrown.
 */
public final class IdentityVerifier implements IdentityActivities {

  private static final Logger log = LoggerFactory.getLogger(IdentityVerifier.class);
  /** How far the worker's clock and the signer's may disagree. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private final IdentityPolicy policy;
  private final Clock clock;

  /**
   * @param policy the worker's release policy, or null for none (development: every name UNVERIFIED)
   */
  public IdentityVerifier(IdentityPolicy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
  }

  /** A verifier without a release policy: every name is taken as given and marked UNVERIFIED. */
  public static IdentityVerifier withoutPolicy() {
    return new IdentityVerifier(null, Clock.systemUTC());
  }

  @Override
  public Admission admit(AdmitRequest request) {
    Verdict initiator = check(request.request().proof(), request.expected(), request.request());
    if (policy == null) {
      return new Admission(initiator, null, true);
    }
    boolean insecure = policy.acceptedMethods().contains(Proof.INSECURE);
    String application = request.request().spec().application();
    Optional<ApplicationPolicy> rules = policy.application(application);
    if (rules.isEmpty()) {
      return new Admission(Verdict.refused("application " + application + " is not in the release policy ("
          + policy.digest() + "); nobody may release it"), null, insecure);
    }
    if (initiator.accepted() && !rules.get().starters().contains(initiator.principal().name())) {
      initiator = Verdict.refused(initiator.principal().describe() + " may not start releases of " + application
          + " (who may: " + (rules.get().starters().isEmpty() ? "nobody" : String.join(", ", rules.get().starters()))
          + ")");
    }
    return new Admission(initiator, rules.get(), insecure);
  }

  @Override
  public Verdict verify(VerifyRequest request) {
    return check(request.proof(), request.expected(), null);
  }

  private Verdict check(Proof proof, Binding expected, ReleaseRequest started) {
    Instant now = clock.instant();
    if (proof == null) {
      if (policy != null && !policy.acceptedMethods().contains(Proof.INSECURE)) {
        return Verdict.refused("a proof of identity is required: this worker's release policy accepts "
            + String.join(" or ", policy.acceptedMethods()) + " proofs, not a name as given; run shepherd with "
            + "--identity " + policy.acceptedMethods().iterator().next());
      }
      String name = policy == null ? expected.actor() : policy.person(expected.actor());
      return new Verdict(new VerifiedPrincipal(name, Proof.INSECURE, "self-asserted", false), null, null,
          policy == null ? null : policy.digest());
    }
    if (policy == null) {
      return Verdict.refused("this worker has no release policy, so it cannot verify " + proof.method()
          + " proofs; send the name alone (--identity insecure) or give the worker --policy");
    }
    if (!policy.acceptedMethods().contains(proof.method()) || Proof.INSECURE.equals(proof.method())) {
      return Verdict.refused("this worker does not accept " + proof.method() + " proofs (it accepts "
          + String.join(", ", policy.acceptedMethods()) + ")");
    }
    Statement statement;
    try {
      statement = Statement.parse(proof.statement());
    } catch (IllegalArgumentException e) {
      return Verdict.refused("the statement is unreadable: " + e.getMessage());
    }
    String mismatch = mismatch(statement, expected, started);
    if (mismatch != null) {
      return Verdict.refused(mismatch);
    }
    if (!now.isBefore(statement.expires())) {
      return Verdict.refused("the proof expired at " + statement.expires() + " (it is now " + now + ")");
    }
    Duration validFor = Duration.between(now, statement.expires());
    if (validFor.compareTo(policy.maxProofAge().plus(CLOCK_SKEW)) > 0) {
      return Verdict.refused("the proof is valid until " + statement.expires() + ", longer than the release policy's "
          + "limit of " + policy.maxProofAge().toMinutes() + " minutes");
    }
    try {
      VerifiedPrincipal who = Proof.SSH.equals(proof.method()) ? ssh(proof, statement, now) : aws(proof, statement, now);
      log.info("verified {} {} for {} {} as {}", proof.method(), statement.nonce(), statement.action(),
          statement.workflowId(), who.describe());
      return new Verdict(who, statement.nonce(), null, policy.digest());
    } catch (ProofRefusedException e) {
      return Verdict.refused(e.getMessage());
    }
  }

  private VerifiedPrincipal ssh(Proof proof, Statement statement, Instant now) {
    AllowedSigners signers = policy.allowedSigners().orElseThrow(() ->
        new ProofRefusedException("this worker's release policy lists no allowed signers"));
    SshKey key = SshSignatures.verify(proof.statement().getBytes(StandardCharsets.UTF_8), proof.signature(),
        Statement.SSH_NAMESPACE);
    Signer signer = signers.authorize(key, Statement.SSH_NAMESPACE, now);
    String person = policy.person(signer.principal());
    String claimed = statement.actor();
    if (!signer.aliases().contains(claimed) && !person.equals(policy.person(claimed))) {
      throw new ProofRefusedException("the statement claims to be " + claimed + " but is signed by " + person
          + "'s key (" + key.fingerprint() + ")");
    }
    return new VerifiedPrincipal(person, Proof.SSH, "key " + key.fingerprint(), true);
  }

  private VerifiedPrincipal aws(Proof proof, Statement statement, Instant now) {
    if (proof.sts() == null) {
      throw new ProofRefusedException("an aws proof carries a presigned STS request (sts)");
    }
    StsProofs.TrustedEndpoints trusted = policy.stsEndpoints().isEmpty() ? StsProofs.TrustedEndpoints.aws()
        : StsProofs.TrustedEndpoints.only(policy.stsEndpoints().toArray(URI[]::new));
    String arn = StsProofs.verify(proof.sts(), statement.sha256(), trusted, clock,
        policy.maxProofAge().plus(CLOCK_SKEW)).arn();
    String person = policy.person(arn);
    String claimed = statement.actor();
    if (!claimed.equals(arn) && !person.equals(policy.person(claimed))) {
      throw new ProofRefusedException("the statement claims to be " + claimed + " but STS says the signer is " + arn
          + (person.equals(arn) ? "" : " (" + person + ")"));
    }
    return new VerifiedPrincipal(person, Proof.AWS, arn, true);
  }

  /** Which field of the statement differs from what the message does, in words; null when none does. */
  static String mismatch(Statement s, Binding expected, ReleaseRequest started) {
    if (!s.action().equals(expected.action())) {
      return "the proof was signed to " + s.action() + ", not to " + expected.action();
    }
    if (!s.namespace().equals(expected.namespace())) {
      return "the proof was signed for namespace " + s.namespace() + ", not " + expected.namespace();
    }
    if (!s.workflowId().equals(expected.workflowId())) {
      return "the proof was signed for release " + s.workflowId() + ", not " + expected.workflowId();
    }
    boolean start = "start".equals(expected.action());
    if (!start && !s.runId().equals(expected.runId())) {
      return "the proof was signed for run " + s.runId() + " of " + s.workflowId() + ", not run " + expected.runId();
    }
    if (!s.gate().equals(Statement.orNone(expected.gate()))) {
      return "the proof was signed for gate " + s.gate() + ", not " + Statement.orNone(expected.gate());
    }
    if (!s.artifact().equals(Statement.orNone(expected.artifact()))) {
      return "the proof was signed for artifact " + s.artifact() + ", but the release deploys "
          + Statement.orNone(expected.artifact());
    }
    String requestDigest = start && started != null ? StartDigest.of(started) : Statement.NONE;
    if (!s.request().equals(requestDigest)) {
      return "the proof was signed for another start request (" + s.request() + ") than the release's (spec, version, "
          + "source version and queue: " + requestDigest + ")";
    }
    if (!s.actor().equals(expected.actor())) {
      return "the proof was signed by " + s.actor() + " but the message names " + expected.actor();
    }
    if (!s.comment().equals(Statement.orNone(expected.comment()))) {
      return "the proof was signed with another comment than the message carries";
    }
    return null;
  }
}
