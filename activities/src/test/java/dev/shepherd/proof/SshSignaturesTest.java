package dev.shepherd.proof;

import static dev.shepherd.proof.SshsigBlob.concat;
import static dev.shepherd.proof.SshsigBlob.string;
import static dev.shepherd.proof.SshsigBlob.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.identity.Statement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SSH signatures made by OpenSSH's ssh-keygen (through {@link SshSigner}), verified by {@link SshSignatures},
 * and judged by {@code ssh-keygen -Y verify} too, so that the two agree.
 */
class SshSignaturesTest {

  private static final String SHEPHERD = Statement.SSH_NAMESPACE;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final byte[] MESSAGE = new Statement("default", "release/payments/1.4.2", "run-1", "approve",
      "prod", "sha256:" + "ab".repeat(32), "-", "alice", "looks good", "n-1",
      Instant.parse("2030-01-01T00:00:00Z")).text().getBytes(StandardCharsets.UTF_8);

  /** The key types Shepherd takes, as ssh-keygen makes them. */
  enum KeyKind {
    ED25519("ssh-ed25519", "-t", "ed25519"),
    ECDSA_P256("ecdsa-sha2-nistp256", "-t", "ecdsa", "-b", "256"),
    ECDSA_P384("ecdsa-sha2-nistp384", "-t", "ecdsa", "-b", "384"),
    ECDSA_P521("ecdsa-sha2-nistp521", "-t", "ecdsa", "-b", "521"),
    RSA_2048("ssh-rsa", "-t", "rsa", "-b", "2048");

    final String sshType;
    final String[] keygenArgs;

    KeyKind(String sshType, String... keygenArgs) {
      this.sshType = sshType;
      this.keygenArgs = keygenArgs;
    }

    Path key() {
      return dir.resolve(name().toLowerCase());
    }
  }

  @TempDir
  static Path dir;

  private static Path otherEd25519;

  @BeforeAll
  static void makeKeys() throws Exception {
    for (KeyKind kind : KeyKind.values()) {
      OpenSsh.keygen(dir, kind.name().toLowerCase(), kind.keygenArgs);
    }
    otherEd25519 = OpenSsh.keygen(dir, "other", "-t", "ed25519");
  }

  private static String sign(KeyKind kind) {
    return SshSigner.sign(MESSAGE, kind.key(), TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(KeyKind.class)
  void aSignatureMadeBySshKeygenVerifiesAndGivesTheKeyWithSshKeygensFingerprint(KeyKind kind) throws Exception {
    String signature = sign(kind);

    SshKey key = SshSignatures.verify(MESSAGE, signature, SHEPHERD);

    assertThat(key).isEqualTo(OpenSsh.publicKey(kind.key()));
    assertThat(key.type()).isEqualTo(kind.sshType);
    assertThat(key.fingerprint()).isEqualTo(OpenSsh.fingerprint(Path.of(kind.key() + ".pub")));
  }

  @ParameterizedTest
  @EnumSource(KeyKind.class)
  void givenOneSignature_ourVerifierAndOpenSshBothTakeItForTheMessageAndBothRefuseItForATamperedOne(KeyKind kind)
      throws Exception {
    String signature = sign(kind);
    Path allowedSigners = dir.resolve("allowed_signers_" + kind);
    SshKey pub = OpenSsh.publicKey(kind.key());
    Files.writeString(allowedSigners, "alice " + pub.type() + " " + pub.blob() + "\n");
    byte[] tampered = new String(MESSAGE, StandardCharsets.UTF_8).replace("approve", "abort")
        .getBytes(StandardCharsets.UTF_8);

    OpenSsh.Run openSshValid = OpenSsh.verify(allowedSigners, "alice", SHEPHERD, signature, MESSAGE);
    assertThat(openSshValid.exit()).as(openSshValid.err()).isZero();
    assertThat(openSshValid.out()).contains("Good \"shepherd\" signature for alice");
    SshKey key = SshSignatures.verify(MESSAGE, signature, SHEPHERD);
    assertThat(AllowedSigners.load(allowedSigners).signerOf(key, SHEPHERD, Instant.now()))
        .hasValueSatisfying(signer -> assertThat(signer.principal()).isEqualTo("alice"));

    assertThat(OpenSsh.verify(allowedSigners, "alice", SHEPHERD, signature, tampered).exit()).isNotZero();
    assertThatThrownBy(() -> SshSignatures.verify(tampered, signature, SHEPHERD))
        .isInstanceOf(ProofRefusedException.class)
        .hasMessageContaining("does not verify");
  }

  @Test
  void aSignatureThatHashesTheMessageWithSha256Verifies() throws Exception {
    OpenSsh.Run run = OpenSsh.run(MESSAGE, Map.of(), "ssh-keygen", "-Y", "sign", "-O", "hashalg=sha256", "-f",
        KeyKind.ED25519.key().toString(), "-n", SHEPHERD);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(SshsigBlob.of(run.out()).hashAlgorithm()).isEqualTo("sha256");

    assertThat(SshSignatures.verify(MESSAGE, run.out(), SHEPHERD)).isEqualTo(OpenSsh.publicKey(KeyKind.ED25519.key()));
  }

  @Test
  void anRsaSha256SignatureVerifiesHereAndInOpenSsh() throws Exception {
    Path rsa = KeyKind.RSA_2048.key();
    SshKey key = OpenSsh.publicKey(rsa);
    String signature = SshsigBlob.signed(MESSAGE, key, OpenSsh.privateKey(rsa), new RSADigestSigner(new SHA256Digest()),
        "rsa-sha2-256", SHEPHERD, "sha512").armored();
    Path allowedSigners = dir.resolve("allowed_signers_rsa256");
    Files.writeString(allowedSigners, "alice ssh-rsa " + key.blob() + "\n");

    assertThat(SshSignatures.verify(MESSAGE, signature, SHEPHERD)).isEqualTo(key);
    assertThat(OpenSsh.verify(allowedSigners, "alice", SHEPHERD, signature, MESSAGE).exit()).isZero();
  }

  @Test
  void anRsaSignatureWithSha1IsRefusedHereAndInOpenSsh() throws Exception {
    Path rsa = KeyKind.RSA_2048.key();
    SshKey key = OpenSsh.publicKey(rsa);
    String signature = SshsigBlob.signed(MESSAGE, key, OpenSsh.privateKey(rsa), new RSADigestSigner(new SHA1Digest()),
        "ssh-rsa", SHEPHERD, "sha512").armored();
    Path allowedSigners = dir.resolve("allowed_signers_rsa1");
    Files.writeString(allowedSigners, "alice ssh-rsa " + key.blob() + "\n");

    assertThatThrownBy(() -> SshSignatures.verify(MESSAGE, signature, SHEPHERD))
        .isInstanceOf(ProofRefusedException.class)
        .hasMessageContaining("RSA with SHA-1");
    assertThat(OpenSsh.verify(allowedSigners, "alice", SHEPHERD, signature, MESSAGE).exit()).isNotZero();
  }

  @Test
  void aTamperedMessageIsRefused() {
    String signature = sign(KeyKind.ECDSA_P256);
    byte[] tampered = MESSAGE.clone();
    tampered[tampered.length - 2] ^= 1;

    assertThatThrownBy(() -> SshSignatures.verify(tampered, signature, SHEPHERD))
        .isInstanceOf(ProofRefusedException.class)
        .hasMessageStartingWith("the SSH signature does not verify");
  }

  @Test
  void aSignatureForTheGitNamespaceIsRefusedNamingBothNamespaces() {
    String signature = new SshSigner("ssh-keygen", Map.of()).sign(MESSAGE, KeyKind.ED25519.key(), "git", TIMEOUT);

    assertThatThrownBy(() -> SshSignatures.verify(MESSAGE, signature, SHEPHERD))
        .isInstanceOf(ProofRefusedException.class)
        .hasMessageStartingWith("the SSH signature is for namespace \"git\", not \"shepherd\"");
  }

  @Test
  void aSignatureWhoseKeyWasSwappedForAnotherPersonsKeyIsRefused() throws Exception {
    SshsigBlob alices = SshsigBlob.of(sign(KeyKind.ED25519));
    String posingAsOther = alices.withPublicKey(OpenSsh.publicKey(otherEd25519).encoded()).armored();

    assertThatThrownBy(() -> SshSignatures.verify(MESSAGE, posingAsOther, SHEPHERD))
        .isInstanceOf(ProofRefusedException.class)
        .hasMessageStartingWith("the SSH signature does not verify");
  }

  @Test
  void aSignatureWhoseKeyIsOfAnotherTypeThanTheSignatureIsRefused() throws Exception {
    SshsigBlob ed25519 = SshsigBlob.of(sign(KeyKind.ED25519));
    String withRsaKey = ed25519.withPublicKey(OpenSsh.publicKey(KeyKind.RSA_2048.key()).encoded()).armored();

    assertThatThrownBy(() -> SshSignatures.verify(MESSAGE, withRsaKey, SHEPHERD))
        .isInstanceOf(ProofRefusedException.class)
        .hasMessage("the SSH signature is of type \"ssh-ed25519\" but its key is ssh-rsa");
  }

  @Test
  void aSignatureByAnSshCertificateIsRefused() throws Exception {
    Path ca = OpenSsh.keygen(dir, "ca", "-t", "ed25519");
    Path person = OpenSsh.keygen(dir, "certified", "-t", "ed25519");
    OpenSsh.Run certify = OpenSsh.run(new byte[0], Map.of(), "ssh-keygen", "-q", "-s", ca.toString(), "-I", "alice",
        "-n", "alice", person + ".pub");
    assertThat(certify.exit()).as(certify.err()).isZero();
    OpenSsh.Run signed = OpenSsh.run(MESSAGE, Map.of(), "ssh-keygen", "-Y", "sign", "-f", person + "-cert.pub", "-n",
        SHEPHERD);
    assertThat(signed.exit()).as(signed.err()).isZero();

    assertThatThrownBy(() -> SshSignatures.verify(MESSAGE, signed.out(), SHEPHERD))
        .isInstanceOf(ProofRefusedException.class)
        .hasMessageStartingWith("SSH certificates are not supported");
  }

  @Test
  void aSignatureByASecurityKeyIsRefusedAsNotSupported() {
    SshsigBlob blob = SshsigBlob.of(sign(KeyKind.ED25519));
    byte[] skKey = concat(string(utf8("sk-ssh-ed25519@openssh.com")), string(new byte[32]),
        string(utf8("ssh:")));

    assertThatThrownBy(() -> SshSignatures.verify(MESSAGE, blob.withPublicKey(skKey).armored(), SHEPHERD))
        .isInstanceOf(ProofRefusedException.class)
        .hasMessageStartingWith("security-key SSH keys (\"sk-ssh-ed25519@openssh.com\") are not supported");
  }

  @Test
  void aSignaturePastedWithWindowsLineEndingsAndIndentedVerifies() throws Exception {
    String signature = sign(KeyKind.ED25519);
    String pasted = "\r\n  " + signature.replace("\n", "\r\n  ");

    assertThat(SshSignatures.verify(MESSAGE, pasted, SHEPHERD)).isEqualTo(OpenSsh.publicKey(KeyKind.ED25519.key()));
  }

  static Stream<Arguments> malformedSignatures() {
    SshsigBlob ecdsa = SshsigBlob.of(sign(KeyKind.ECDSA_P256));
    SshWireReader inner = new SshWireReader(ecdsa.signature(), "test");
    String ecdsaType = inner.utf8();
    SshWireReader rs = new SshWireReader(inner.string(), "test");
    byte[] paddedR = concat(new byte[] {0}, rs.string());
    byte[] s = rs.string();
    SshsigBlob ecdsaWithPaddedR = ecdsa.withSignature(concat(string(utf8(ecdsaType)),
        string(concat(string(paddedR), string(s)))));
    SshsigBlob valid = SshsigBlob.of(sign(KeyKind.ED25519));
    String armored = valid.armored();
    byte[] encoded = valid.encoded();
    return Stream.of(
        Arguments.of("no signature", "", "there is no SSH signature"),
        Arguments.of("garbage", "this is not a signature", "the SSH signature must begin with the line"),
        Arguments.of("armor cut short", armored.substring(0, armored.length() / 2),
            "the SSH signature must end with the line"),
        Arguments.of("no base64 between the lines", SshSignatures.BEGIN + "\n!!!!\n" + SshSignatures.END,
            "the SSH signature is not valid base64"),
        Arguments.of("blob cut short", armor(Arrays.copyOf(encoded, encoded.length - 10)),
            "the SSH signature is truncated"),
        Arguments.of("trailing bytes", valid.withTrailing(new byte[] {0, 0, 0, 0}).armored(),
            "the SSH signature has 4 unexpected bytes after its end"),
        Arguments.of("another magic", valid.withMagic("SSHSIX").armored(),
            "the signature is not an SSH signature"),
        Arguments.of("version 2", valid.withVersion(2).armored(), "the SSH signature has format version 2"),
        Arguments.of("a reserved field", valid.withReserved(new byte[] {1}).armored(),
            "the SSH signature's reserved field is not empty"),
        Arguments.of("sha1 message hash", valid.withHashAlgorithm("sha1").armored(),
            "the SSH signature hashes the message with \"sha1\"; Shepherd takes sha256 or sha512"),
        Arguments.of("a signature field cut short", valid.withSignature(Arrays.copyOf(valid.signature(), 20)).armored(),
            "the SSH signature's signature field is truncated"),
        Arguments.of("a DSA key", valid.withPublicKey(concat(string(utf8("ssh-dss")), string(new byte[] {1}))).armored(),
            "DSA SSH keys are not supported"),
        Arguments.of("an ECDSA number with a needless leading zero", ecdsaWithPaddedR.armored(),
            "the ECDSA signature is malformed: a number in it has a needless leading zero"),
        Arguments.of("an unknown key type", valid.withPublicKey(string(utf8("ssh-ed448"))).armored(),
            "SSH key type \"ssh-ed448\" is not supported"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedSignatures")
  void aMalformedSignatureIsRefusedSayingWhatIsWrong(String what, String signature, String reason) {
    assertThatThrownBy(() -> SshSignatures.verify(MESSAGE, signature, SHEPHERD))
        .isInstanceOf(ProofRefusedException.class)
        .hasMessageStartingWith(reason);
  }

  @Test
  void aHostileNamespaceCannotBreakTheRefusalIntoTwoLines() {
    String signature = SshsigBlob.of(sign(KeyKind.ED25519)).withNamespace("git\nshepherd: accepted").armored();

    assertThatThrownBy(() -> SshSignatures.verify(MESSAGE, signature, SHEPHERD))
        .isInstanceOf(ProofRefusedException.class)
        .hasMessageStartingWith("the SSH signature is for namespace \"git\\u000ashepherd: accepted\"")
        .message().doesNotContain("\n");
  }

  private static String armor(byte[] blob) {
    return SshSignatures.BEGIN + "\n" + Base64.getMimeEncoder().encodeToString(blob) + "\n" + SshSignatures.END + "\n";
  }
}
