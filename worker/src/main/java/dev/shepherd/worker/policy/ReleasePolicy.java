package dev.shepherd.worker.policy;

import dev.shepherd.identity.Proof;
import dev.shepherd.policy.ApplicationPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The release policy a worker enforces, loaded from the file given to {@code shepherd worker --policy FILE}:
 * how people prove who they are, which identities belong to which person, and, per application, who may
 * start a release, who may approve its gates, whether the initiator may approve their own release, the
 * shortest bake a wave may have and which resources a spec may name. Whoever starts a release cannot edit
 * it; the release records {@link #digest()} so that it can be told which policy judged it.
 *
 * <p>The file is YAML ({@code examples/policy.yaml} documents every key):
 * <pre>{@code
 * identity:
 *   accept: [ssh, aws]              # ssh | aws | insecure
 *   allowedSigners: allowed_signers # required with ssh; relative to the policy file
 *   stsEndpoints: []                # aws: trusted STS endpoints; empty = AWS's own
 *   maxProofAge: 15m                # at most 1h
 * people:
 *   alice: ["arn:aws:iam::111122223333:user/alice"]
 * groups:
 *   payments-approvers: [bob, carol]
 *   release-managers: [erin, "group:payments-approvers"]   # a group may name groups, without cycles
 * applications:
 *   payments:
 *     start: [alice, "group:payments-approvers"]
 *     approve: { "*": ["group:payments-approvers"], flag: [carol] }
 *     selfApproval: false
 *     minBake: 30m
 *     resources: { functions: [...], ssmParameters: [...], appConfigApplications: [...], codeBuildProjects: [...] }
 *   "*": ...                        # every application not listed; without it they may not be released
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ReleasePolicy {

  /** How long a signed statement may be valid for when the policy does not say. */
  public static final Duration DEFAULT_MAX_PROOF_AGE = Duration.ofMinutes(15);
  /** The longest {@code identity.maxProofAge}: a proof is a short-lived statement, not a credential. */
  public static final Duration MAX_PROOF_AGE = Duration.ofHours(1);
  /** The section of {@code applications} that covers every application without its own. */
  public static final String EVERY_OTHER_APPLICATION = "*";

  private final Path source;
  private final String digest;
  private final Set<String> acceptedMethods;
  private final Path allowedSignersFile;
  private final List<URI> stsEndpoints;
  private final Duration maxProofAge;
  private final Map<String, String> personByIdentity;
  private final Map<String, ApplicationPolicy> applications;

  ReleasePolicy(Path source, String digest, Set<String> acceptedMethods, Path allowedSignersFile,
      List<URI> stsEndpoints, Duration maxProofAge, Map<String, String> personByIdentity,
      Map<String, ApplicationPolicy> applications) {
    this.source = source;
    this.digest = digest;
    this.acceptedMethods = Collections.unmodifiableSet(new LinkedHashSet<>(acceptedMethods));
    this.allowedSignersFile = allowedSignersFile;
    this.stsEndpoints = List.copyOf(stsEndpoints);
    this.maxProofAge = maxProofAge;
    this.personByIdentity = Map.copyOf(personByIdentity);
    this.applications = Map.copyOf(applications);
  }

  /**
   * Reads, checks and loads a policy file.
   *
   * @throws PolicyException listing every problem at once: a file that is missing, unreadable, too large,
   *     not a regular file or not YAML (with the line and column), and every key that is unknown, of the
   *     wrong type or of a value the policy cannot mean, each with its field path
   */
  public static ReleasePolicy load(Path file) {
    Objects.requireNonNull(file, "file");
    return PolicyReader.read(file);
  }

  /** {@code sha256:} and the hex SHA-256 of the file's bytes, as loaded. */
  public String digest() {
    return digest;
  }

  /**
   * How people may prove who they are: {@value Proof#SSH}, {@value Proof#AWS}, {@value Proof#INSECURE}
   * (names taken as given and marked UNVERIFIED), in the order the file lists them.
   */
  public Set<String> acceptedMethods() {
    return acceptedMethods;
  }

  /**
   * The ssh-keygen allowed-signers file, resolved against the policy file's directory; present exactly when
   * {@value Proof#SSH} is accepted. Checked to be a readable regular file at load; not parsed here.
   */
  public Optional<Path> allowedSignersFile() {
    return Optional.ofNullable(allowedSignersFile);
  }

  /**
   * The STS endpoints whose answers are trusted for {@value Proof#AWS} proofs; empty means AWS's own
   * ({@code sts.amazonaws.com} and {@code sts.<region>.amazonaws.com}).
   */
  public List<URI> stsEndpoints() {
    return stsEndpoints;
  }

  /** The longest a signed statement may be valid for: {@link #DEFAULT_MAX_PROOF_AGE} unless the file says. */
  public Duration maxProofAge() {
    return maxProofAge;
  }

  /**
   * The person an identity belongs to: the person whose {@code people} entry lists it (an AWS ARN, another
   * SSH principal), else the identity itself; so a person's own name is themselves. Compared exactly.
   */
  public String person(String identity) {
    Objects.requireNonNull(identity, "identity");
    return personByIdentity.getOrDefault(identity, identity);
  }

  /**
   * What the policy says about an application: its own section, else the {@value #EVERY_OTHER_APPLICATION}
   * section (whose {@link ApplicationPolicy#application()} is {@value #EVERY_OTHER_APPLICATION}), else
   * empty, meaning it may not be released. Groups are expanded to people (sorted, each once) in starters and
   * approvers, and {@link ApplicationPolicy#digest()} is this policy's.
   */
  public Optional<ApplicationPolicy> application(String name) {
    ApplicationPolicy own = name == null ? null : applications.get(name);
    return Optional.ofNullable(own != null ? own : applications.get(EVERY_OTHER_APPLICATION));
  }

  /** The policy file, as given to {@link #load}. */
  public Path source() {
    return source;
  }

  @Override
  public String toString() {
    return "ReleasePolicy[" + source + ", " + digest + "]";
  }

  static String digestOf(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
