package dev.shepherd.proof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.aws.Moto;
import dev.shepherd.identity.Admission;
import dev.shepherd.identity.AdmitRequest;
import dev.shepherd.identity.Binding;
import dev.shepherd.identity.Proof;
import dev.shepherd.identity.Statement;
import dev.shepherd.identity.Verdict;
import dev.shepherd.identity.VerifyRequest;
import dev.shepherd.policy.ApplicationPolicy;
import dev.shepherd.spec.BuildStepSpec;
import dev.shepherd.spec.CanarySpec;
import dev.shepherd.spec.CanaryWeight;
import dev.shepherd.spec.CodeBuildProject;
import dev.shepherd.spec.DeploySpec;
import dev.shepherd.spec.LambdaTarget;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.WaveSpec;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The worker's side of AWS proofs, against moto's STS: what STS says about the signer decides who they are
 * (mapped to a person by the policy), whatever name the message claims, and every field of the statement
 * must be what the message does.
 */
class IdentityVerifierTest {

  private static final String RELEASE = "release/payments/1.4.2";
  private static final String RUN = "6f1c2a7e-0000-4000-8000-000000000001";
  private static final String ARTIFACT = "ab".repeat(32);
  private static final String DIGEST = "sha256:" + "cd".repeat(32);

  static IamClient iam;
  static AwsCredentialsProvider alice;
  static AwsCredentialsProvider bob;
  static String aliceArn;
  static String bobArn;

  @BeforeAll
  static void usersWithAccessKeys() {
    Moto.reset();
    iam = MotoIam.client();
    aliceArn = iam.createUser(r -> r.userName("alice")).user().arn();
    bobArn = iam.createUser(r -> r.userName("bob")).user().arn();
    alice = keysOf("alice");
    bob = keysOf("bob");
  }

  @AfterAll
  static void closeIam() {
    iam.close();
  }

  private static AwsCredentialsProvider keysOf(String user) {
    return MotoIam.keysOf(iam, user);
  }

  /** A policy accepting the given methods, trusting moto's STS, where alice's IAM user is the person alice. */
  private record Policy(Set<String> acceptedMethods, List<URI> stsEndpoints) implements IdentityPolicy {
    @Override
    public Optional<AllowedSigners> allowedSigners() {
      return Optional.empty();
    }

    @Override
    public Duration maxProofAge() {
      return Duration.ofMinutes(15);
    }

    @Override
    public String person(String identity) {
      return identity.equals(aliceArn) ? "alice" : identity;
    }

    @Override
    public Optional<ApplicationPolicy> application(String name) {
      return name.equals("payments") ? Optional.of(new ApplicationPolicy("payments", DIGEST, List.of("alice"),
          Map.of("*", List.of("bob")), false, Duration.ZERO, null)) : Optional.empty();
    }

    @Override
    public String digest() {
      return DIGEST;
    }
  }

  private static IdentityVerifier verifier(Set<String> methods) {
    return new IdentityVerifier(new Policy(methods, List.of(Moto.endpoint())), Clock.systemUTC());
  }

  private static Statement approval(String actor) {
    return Statements.action("default", RELEASE, RUN, "approve", "rest", ARTIFACT, actor, null,
        Instant.now().plus(Duration.ofMinutes(5)));
  }

  private static Binding expected(String actor) {
    return new Binding("default", RELEASE, RUN, "approve", "rest", "sha256:" + ARTIFACT, actor, null);
  }

  private static Proof signedBy(AwsCredentialsProvider who, Statement statement) {
    return Proof.aws(statement, StsProofs.presign(statement, who, "us-east-1", Moto.endpoint(), Clock.systemUTC()));
  }

  @Test
  void givenAliceSignsWithHerIamUser_stsNamesHerArnAndThePolicyMakesItThePersonAlice() {
    Verdict v = verifier(Set.of(Proof.AWS)).verify(new VerifyRequest(signedBy(alice, approval("alice")),
        expected("alice")));
    assertThat(v.refusal()).isNull();
    assertThat(v.principal().name()).isEqualTo("alice");
    assertThat(v.principal().method()).isEqualTo(Proof.AWS);
    assertThat(v.principal().evidence()).isEqualTo(aliceArn);
    assertThat(v.principal().verified()).isTrue();
    assertThat(v.nonce()).isNotBlank();
  }

  @Test
  void givenAliceClaimsToBeBob_theProofIsRefused() {
    Verdict v = verifier(Set.of(Proof.AWS)).verify(new VerifyRequest(signedBy(alice, approval("bob")),
        expected("bob")));
    assertThat(v.accepted()).isFalse();
    assertThat(v.refusal()).contains("claims to be bob").contains(aliceArn);
  }

  @Test
  void givenAStatementForAnotherRunOrArtifact_theProofIsRefusedNamingTheField() {
    IdentityVerifier verifier = verifier(Set.of(Proof.AWS));
    Proof proof = signedBy(bob, approval("bob"));
    Binding otherRun = new Binding("default", RELEASE, "another-run", "approve", "rest", "sha256:" + ARTIFACT, "bob", null);
    assertThat(verifier.verify(new VerifyRequest(proof, otherRun)).refusal()).contains("signed for run");
    Binding otherArtifact = new Binding("default", RELEASE, RUN, "approve", "rest", "sha256:" + "ef".repeat(32), "bob", null);
    assertThat(verifier.verify(new VerifyRequest(proof, otherArtifact)).refusal()).contains("artifact");
  }

  @Test
  void givenAWorkerThatTrustsOnlyAwsOwnSts_aRequestPresignedForAnotherHostIsRefusedUnsent() {
    IdentityVerifier verifier = new IdentityVerifier(new Policy(Set.of(Proof.AWS), List.of()), Clock.systemUTC());
    Verdict v = verifier.verify(new VerifyRequest(signedBy(bob, approval("bob")), expected("bob")));
    assertThat(v.accepted()).isFalse();
  }

  @Test
  void givenAMethodThePolicyDoesNotAccept_orNoProofWhereOneIsRequired_theMessageIsRefused() {
    IdentityVerifier sshOnly = verifier(Set.of(Proof.SSH));
    assertThat(sshOnly.verify(new VerifyRequest(signedBy(bob, approval("bob")), expected("bob"))).refusal())
        .contains("does not accept aws proofs");
    assertThat(sshOnly.verify(new VerifyRequest(null, expected("bob"))).refusal())
        .contains("a proof of identity is required");
  }

  @Test
  void givenAPolicyThatAcceptsInsecureNames_aNameIsTakenAsItsPersonAndMarkedUnverified() {
    Verdict v = verifier(Set.of(Proof.AWS, Proof.INSECURE)).verify(new VerifyRequest(null, expected(aliceArn)));
    assertThat(v.principal().name()).isEqualTo("alice");
    assertThat(v.principal().verified()).isFalse();
  }

  @Test
  void givenNoPolicy_namesAreTakenAsGivenAndAProofCannotBeChecked() {
    IdentityVerifier none = IdentityVerifier.withoutPolicy();
    assertThat(none.verify(new VerifyRequest(null, expected("bob"))).principal().verified()).isFalse();
    assertThat(none.verify(new VerifyRequest(signedBy(bob, approval("bob")), expected("bob"))).refusal())
        .contains("no release policy");
  }

  @Test
  void givenStarts_onlyAStarterOfAnApplicationInThePolicyIsAdmittedAndTheStartIsBoundToItsSpec() {
    ReleaseSpec spec = spec("payments");
    ReleaseSpec other = spec("billing");
    IdentityVerifier verifier = verifier(Set.of(Proof.AWS));
    Instant soon = Instant.now().plus(Duration.ofMinutes(5));
    Binding start = new Binding("default", RELEASE, null, "start", null, null, "alice", null);

    Admission admitted = verifier.admit(startOf(spec, "alice", start,
        signedBy(alice, Statements.start("default", RELEASE, request(spec, "alice"), "alice", soon))));
    assertThat(admitted.initiator().refusal()).isNull();
    assertThat(admitted.policy().digest()).isEqualTo(DIGEST);

    // Bob's ARN is no person of the policy: he is his ARN, and that is no starter of payments.
    Binding startByBob = new Binding("default", RELEASE, null, "start", null, null, bobArn, null);
    assertThat(verifier.admit(startOf(spec, bobArn, startByBob, signedBy(bob, Statements.start("default", RELEASE,
        request(spec, bobArn), bobArn, soon)))).initiator().refusal()).contains("may not start releases of payments");
    assertThat(verifier.admit(startOf(spec, "alice", start, signedBy(alice, Statements.start("default", RELEASE,
        request(other, "alice"), "alice", soon)))).initiator().refusal()).contains("another start request");
    Binding billing = new Binding("default", "release/billing/1.0", null, "start", null, null, "alice", null);
    assertThat(verifier.admit(startOf(other, "alice", billing, signedBy(alice, Statements.start("default",
        "release/billing/1.0", request(other, "alice"), "alice", soon)))).initiator().refusal())
        .contains("not in the release policy");
  }

  private static dev.shepherd.release.ReleaseRequest request(ReleaseSpec spec, String initiator) {
    return new dev.shepherd.release.ReleaseRequest(spec, "1.4.2", initiator, null);
  }

  private static AdmitRequest startOf(ReleaseSpec spec, String initiator, Binding expected, Proof proof) {
    return new AdmitRequest(expected, new dev.shepherd.release.ReleaseRequest(spec, "1.4.2", initiator, null, false,
        proof));
  }

  /** A spec of {@code application}: one wave, with a canary. */
  static ReleaseSpec spec(String application) {
    return new ReleaseSpec(application, new BuildStepSpec(new CodeBuildProject(application + "-build", null), null),
        null, new DeploySpec(new LambdaTarget(application + "-api", "live"),
            new CanarySpec(CanaryWeight.of(10), Duration.ofMinutes(5))),
        List.of(), List.of(new WaveSpec("first", List.of(Region.of("us-east-1")), Duration.ofMinutes(10), null)),
        null, List.of(), null);
  }
}
