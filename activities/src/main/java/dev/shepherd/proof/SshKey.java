package dev.shepherd.proof;

import static dev.shepherd.proof.ProofRefusedException.quote;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;

/**
 * An SSH public key of a type Shepherd accepts for signatures, as it appears in a {@code .pub} or allowed
 * signers file: {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256}/{@code 384}/{@code 521}, or {@code ssh-rsa}
 * of 2048 bits or more. Certificates, security keys ({@code sk-*}) and DSA keys are refused, and so is any
 * encoding of a key other than OpenSSH's own, so that one key has exactly one {@link #blob()} and one
 * {@link #fingerprint()}.
 *
 * @param type the key type, e.g. {@code ssh-ed25519}
 * @param blob the key in the SSH wire encoding, in padded base64 (the second field of a {@code .pub} line)
 */
public record SshKey(String type, String blob) {

  /** The key types accepted. */
  public static final Set<String> TYPES = Set.of(SshSignatures.ED25519, SshSignatures.ECDSA_P256,
      SshSignatures.ECDSA_P384, SshSignatures.ECDSA_P521, SshSignatures.RSA);
  /** RSA keys shorter than this are refused (OpenSSH itself still takes 1024 bits). */
  public static final int MIN_RSA_BITS = 2048;
  /** Longer RSA keys are refused, as OpenSSH does: verifying with one costs a worker too much. */
  public static final int MAX_RSA_BITS = 16384;

  private static final int MAX_BLOB_CHARS = 8192;

  /**
   * Checks the key and keeps its blob in the canonical padded base64.
   *
   * @throws ProofRefusedException when the key is malformed or of a type Shepherd does not accept
   */
  public SshKey {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(blob, "blob");
    refuseUnaccepted(type);
    if (blob.length() > MAX_BLOB_CHARS) {
      throw new ProofRefusedException("the " + type + " key is longer than " + MAX_BLOB_CHARS + " characters");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(blob);
    } catch (IllegalArgumentException e) {
      throw new ProofRefusedException("the " + type + " key is not valid base64");
    }
    checkEncoding(type, bytes);
    blob = Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * The key a wire-encoded blob holds, e.g. the one embedded in a signature.
   *
   * @throws ProofRefusedException when the key is malformed or of a type Shepherd does not accept
   */
  public static SshKey of(byte[] encoded) {
    String type = new SshWireReader(encoded, "the public key").utf8();
    return new SshKey(type, Base64.getEncoder().encodeToString(encoded));
  }

  /** The key in the SSH wire encoding. */
  public byte[] encoded() {
    return Base64.getDecoder().decode(blob);
  }

  /**
   * The key's fingerprint as {@code ssh-keygen -l} shows it: {@code SHA256:} and the unpadded base64 of the
   * SHA-256 of {@link #encoded()}.
   */
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(encoded());
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** E.g. {@code ssh-ed25519 SHA256:CB01brNL2Zyu...}: the type and fingerprint, not the whole blob. */
  @Override
  public String toString() {
    return type + " " + fingerprint();
  }

  /** The key as BouncyCastle takes it. */
  AsymmetricKeyParameter parameters() {
    return OpenSSHPublicKeyUtil.parsePublicKey(encoded());
  }

  private static void refuseUnaccepted(String type) {
    if (TYPES.contains(type)) {
      return;
    }
    if (type.endsWith("-cert-v01@openssh.com")) {
      throw new ProofRefusedException("SSH certificates are not supported: sign with the plain key that is listed"
          + " in allowed signers, not " + quote(type));
    }
    if (type.startsWith("sk-")) {
      throw new ProofRefusedException("security-key SSH keys (" + quote(type) + ") are not supported yet:"
          + " sign with an ed25519, ecdsa or rsa key");
    }
    if (type.equals("ssh-dss")) {
      throw new ProofRefusedException("DSA SSH keys are not supported (OpenSSH has dropped them):"
          + " sign with an ed25519 key");
    }
    throw new ProofRefusedException("SSH key type " + quote(type) + " is not supported: sign with an ed25519,"
        + " ecdsa or rsa key");
  }

  private static void checkEncoding(String type, byte[] bytes) {
    SshWireReader reader = new SshWireReader(bytes, "the " + type + " key");
    String inner = reader.utf8();
    if (!inner.equals(type)) {
      throw new ProofRefusedException("the key is marked " + type + " but holds a key of type " + quote(inner));
    }
    if (type.startsWith("ecdsa-sha2-")) {
      String curve = reader.utf8();
      if (!type.equals("ecdsa-sha2-" + curve)) {
        throw new ProofRefusedException("the " + type + " key is on curve " + quote(curve));
      }
    }
    AsymmetricKeyParameter parameters;
    byte[] reencoded;
    try {
      parameters = OpenSSHPublicKeyUtil.parsePublicKey(bytes);
      reencoded = OpenSSHPublicKeyUtil.encodePublicKey(parameters);
    } catch (IOException | RuntimeException e) {
      throw new ProofRefusedException("the " + type + " key is malformed", e);
    }
    if (parameters instanceof RSAKeyParameters rsa) {
      int bits = rsa.getModulus().bitLength();
      if (bits < MIN_RSA_BITS) {
        throw new ProofRefusedException("the RSA key has " + bits + " bits; Shepherd takes " + MIN_RSA_BITS
            + " or more: make a new key with ssh-keygen -t ed25519");
      }
      if (bits > MAX_RSA_BITS) {
        throw new ProofRefusedException("the RSA key has " + bits + " bits; Shepherd takes at most " + MAX_RSA_BITS);
      }
    }
    // OpenSSH writes each key one way; another encoding of the same key would give it a second fingerprint.
    if (!Arrays.equals(reencoded, bytes)) {
      throw new ProofRefusedException("the " + type + " key is not in OpenSSH's encoding");
    }
  }
}
