package dev.shepherd.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading an ssh-keygen allowed-signers file, and who it says a key belongs to. */
class AllowedSignersTest {

  private static final String SHEPHERD = "shepherd";
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

  private final SshKey alice = newKey();
  private final SshKey bob = newKey();
  private final SshKey carol = newKey();

  private static SshKey newKey() {
    Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
    generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
    try {
      return SshKey.of(OpenSSHPublicKeyUtil.encodePublicKey(generator.generateKeyPair().getPublic()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String line(String principalsAndOptions, SshKey key) {
    return principalsAndOptions + " " + key.type() + " " + key.blob();
  }

  private static AllowedSigners parse(String... lines) {
    return AllowedSigners.parse(String.join("\n", lines) + "\n", "allowed_signers", ZoneOffset.UTC);
  }

  @Test
  void aListedKeyBelongsToTheFirstPrincipalOfItsLineWithEveryPrincipalAsAnAlias() {
    AllowedSigners signers = parse(
        "# release approvers",
        "",
        "   # an indented comment",
        line("alice,alice@example.com", alice) + " alice@laptop",
        "\t" + line("bob", bob));

    assertThat(signers.signerOf(alice, SHEPHERD, NOW))
        .contains(new Signer("alice", List.of("alice", "alice@example.com"), alice.fingerprint()));
    assertThat(signers.signerOf(bob, SHEPHERD, NOW)).contains(new Signer("bob", List.of("bob"), bob.fingerprint()));
  }

  @Test
  void aKeyThatIsNotListedBelongsToNobody() {
    AllowedSigners signers = parse(line("alice", alice));

    assertThat(signers.signerOf(carol, SHEPHERD, NOW)).isEmpty();
    assertThatThrownBy(() -> signers.authorize(carol, SHEPHERD, NOW))
        .isInstanceOf(ProofRefusedException.class)
        .hasMessage("the key " + carol + " is not in the allowed signers (allowed_signers)");
  }

  @Test
  void aKeyCountsOnlyFromValidAfterUntilValidBefore() {
    AllowedSigners signers = parse(line("alice valid-after=\"20260101\",valid-before=\"20260701120000Z\"", alice));

    assertThat(signers.signerOf(alice, SHEPHERD, Instant.parse("2025-12-31T23:59:59Z"))).isEmpty();
    assertThat(signers.signerOf(alice, SHEPHERD, Instant.parse("2026-01-01T00:00:00Z"))).isPresent();
    assertThat(signers.signerOf(alice, SHEPHERD, Instant.parse("2026-07-01T12:00:00Z"))).isPresent();
    assertThat(signers.signerOf(alice, SHEPHERD, Instant.parse("2026-07-01T12:00:01Z"))).isEmpty();
    assertThatThrownBy(() -> signers.authorize(alice, SHEPHERD, Instant.parse("2026-08-01T00:00:00Z")))
        .isInstanceOf(ProofRefusedException.class)
        .hasMessage("the key " + alice + " of \"alice\" is not accepted: allowed_signers:1 lists it as valid until"
            + " 2026-07-01T12:00:00Z, which is before 2026-08-01T00:00:00Z");
  }

  @Test
  void timesWithoutZAreInTheGivenZoneAndTimesWithZInUtc() {
    String text = line("alice valid-before=\"202607011200\"", alice) + "\n"
        + line("bob valid-before=\"202607011200Z\"", bob) + "\n";
    AllowedSigners inParis = AllowedSigners.parse(text, "allowed_signers", ZoneId.of("Europe/Paris"));
    Instant elevenUtc = Instant.parse("2026-07-01T11:00:00Z");

    assertThat(inParis.signerOf(alice, SHEPHERD, elevenUtc)).as("noon in Paris is 10:00 UTC").isEmpty();
    assertThat(inParis.signerOf(bob, SHEPHERD, elevenUtc)).isPresent();
  }

  @Test
  void aNamespacesOptionWithoutShepherdKeepsTheKeyOut() {
    AllowedSigners signers = parse(
        line("alice namespaces=\"git,file\"", alice),
        line("bob NAMESPACES=\"git,shepherd\"", bob));

    assertThat(signers.signerOf(alice, SHEPHERD, NOW)).isEmpty();
    assertThat(signers.signerOf(alice, "git", NOW)).isPresent();
    assertThat(signers.signerOf(bob, SHEPHERD, NOW)).isPresent();
    assertThatThrownBy(() -> signers.authorize(alice, SHEPHERD, NOW))
        .isInstanceOf(ProofRefusedException.class)
        .hasMessageEndingWith("allowed_signers:1 lists it only for namespaces \"git,file\", not \"shepherd\"");
  }

  @Test
  void theSameKeyOnTwoLinesOfOnePersonCountsWhereEitherLineAllowsIt() {
    AllowedSigners signers = parse(
        line("alice namespaces=\"git\"", alice),
        line("alice,alice@example.com valid-before=\"20270101Z\"", alice));

    assertThat(signers.signerOf(alice, SHEPHERD, NOW))
        .contains(new Signer("alice", List.of("alice", "alice@example.com"), alice.fingerprint()));
    assertThat(signers.signerOf(alice, SHEPHERD, Instant.parse("2027-06-01T00:00:00Z"))).isEmpty();
  }

  @Test
  void aCertificateAuthorityLineRefusesTheFile() {
    assertThatThrownBy(() -> parse(line("alice", alice), line("bob cert-authority", bob)))
        .isInstanceOf(AllowedSignersException.class)
        .hasMessage("allowed_signers:2: certificate authorities are not supported: list each person's own key");
  }

  @Test
  void givenOneKeyListedForTwoPeople_theFileIsRefusedNamingBoth() {
    assertThatThrownBy(() -> parse(line("alice", alice), line("bob", bob), line("mallory", alice)))
        .isInstanceOf(AllowedSignersException.class)
        .hasMessage("allowed_signers:3: the key " + alice + " is listed for both \"alice\" (line 1) and \"mallory\""
            + " (line 3): one key is one person; remove one of the lines");
  }

  @Test
  void givenOneNameStandingForTwoPeople_theFileIsRefused() {
    assertThatThrownBy(() -> parse(line("alice,ops", alice), line("bob,ops", bob)))
        .isInstanceOf(AllowedSignersException.class)
        .hasMessage("allowed_signers:2: \"ops\" stands for both \"alice\" (line 1) and \"bob\" (line 2): a name is one"
            + " person");
  }

  @Test
  void aPatternPrincipalIsRefused() {
    assertThatThrownBy(() -> parse(line("alice", alice), line("*@example.com", bob)))
        .isInstanceOf(AllowedSignersException.class)
        .hasMessage("allowed_signers:2: principal \"*@example.com\" is a pattern; Shepherd takes a person's name,"
            + " so list each person on their own line");
    assertThatThrownBy(() -> parse(line("alice,ali?e", alice)))
        .isInstanceOf(AllowedSignersException.class)
        .hasMessageStartingWith("allowed_signers:1: principal \"ali?e\" is a pattern");
  }

  @Test
  void everyProblemInTheFileIsReportedAtOnceWithItsLineNumber() {
    String otherType = bob.blob();
    AllowedSignersException e = catchThrowableOfType(AllowedSignersException.class, () -> parse(
        line("alice", alice),
        line("bob valid-before=20270101", bob),
        line("carol expires=\"20270101\"", carol),
        "dave",
        "erin ssh-ed25519 not-base64!",
        "frank ssh-rsa " + otherType,
        line("grace valid-after=\"20270101\",valid-before=\"20260101\"", carol),
        line("heidi valid-after=\"2027-01-01\"", carol),
        line("ivan namespaces=\"shep*\"", carol),
        line("judy namespaces=\"git\",namespaces=\"shepherd\"", carol),
        "kim ssh-dss AAAAB3NzaC1kc3MAAAABAQ==",
        line("leo,,lea", carol)));

    assertThat(e.problems()).containsExactly(
        "allowed_signers:2: valid-before: put the value in double quotes, as OpenSSH requires:"
            + " valid-before=\"20270101\"",
        "allowed_signers:3: unknown option \"expires\": allowed signers take namespaces=\"…\", valid-after=\"…\" and"
            + " valid-before=\"…\"",
        "allowed_signers:4: no key: write principals [options] keytype base64-key",
        "allowed_signers:5: the ssh-ed25519 key is not valid base64",
        "allowed_signers:6: the key is marked ssh-rsa but holds a key of type \"ssh-ed25519\"",
        "allowed_signers:7: valid-before (2026-01-01T00:00:00Z) is not after valid-after (2027-01-01T00:00:00Z)",
        "allowed_signers:8: valid-after: \"2027-01-01\" is not a time; write YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z]",
        "allowed_signers:9: namespaces: \"shep*\" is a pattern; list the namespaces by name, e.g."
            + " namespaces=\"git,shepherd\"",
        "allowed_signers:10: namespaces is given twice",
        "allowed_signers:11: DSA SSH keys are not supported (OpenSSH has dropped them): sign with an ed25519 key",
        "allowed_signers:12: empty principal in \"leo,,lea\": separate names by single commas");
    assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
  }

  @Test
  void loadNamesTheFileInItsProblems(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("allowed_signers");
    Files.writeString(file, line("alice", alice) + "\n" + line("bob cert-authority", bob) + "\n");

    assertThatThrownBy(() -> AllowedSigners.load(file))
        .isInstanceOf(AllowedSignersException.class)
        .hasMessageStartingWith(file + ":2: certificate authorities are not supported");
  }

  @Test
  void anEmptyFileListsNobody() {
    assertThat(AllowedSigners.parse("", "allowed_signers").signerOf(alice, SHEPHERD, NOW)).isEmpty();
  }
}
