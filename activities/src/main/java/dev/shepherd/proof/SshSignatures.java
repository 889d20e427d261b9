package dev.shepherd.proof;

import static dev.shepherd.proof.ProofRefusedException.quote;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.RSADigestSigner;

/**
 * Verifies SSH signatures as {@code ssh-keygen -Y sign} and {@code git} make them: the SSHSIG format of
 * OpenSSH's PROTOCOL.sshsig, armored between {@code -----BEGIN SSH SIGNATURE-----} lines. The format
 * checks are Shepherd's; the signature itself is verified by BouncyCastle (Ed25519, ECDSA on the NIST
 * curves, RSA PKCS#1 v1.5 with SHA-2).
 *
 * <p>What a signature proves is only that the holder of the returned key signed the message for the
 * namespace: whether that key belongs to anyone is for {@link AllowedSigners} to say.
 */
public final class SshSignatures {

  /** The Ed25519 key and signature type. */
  public static final String ED25519 = "ssh-ed25519";
  /** ECDSA on NIST P-256, with SHA-256. */
  public static final String ECDSA_P256 = "ecdsa-sha2-nistp256";
  /** ECDSA on NIST P-384, with SHA-384. */
  public static final String ECDSA_P384 = "ecdsa-sha2-nistp384";
  /** ECDSA on NIST P-521, with SHA-512. */
  public static final String ECDSA_P521 = "ecdsa-sha2-nistp521";
  /** The RSA key type; also the name of RSA signatures with SHA-1, which are refused. */
  public static final String RSA = "ssh-rsa";
  /** RSA signatures with SHA-256. */
  public static final String RSA_SHA256 = "rsa-sha2-256";
  /** RSA signatures with SHA-512 (what {@code ssh-keygen -Y sign} makes). */
  public static final String RSA_SHA512 = "rsa-sha2-512";

  static final String BEGIN = "-----BEGIN SSH SIGNATURE-----";
  static final String END = "-----END SSH SIGNATURE-----";
  static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
  static final long VERSION = 1;
  /** Longer than any armored signature by a 16384-bit RSA key: anything more is not a signature. */
  static final int MAX_ARMORED_CHARS = 16 * 1024;

  private SshSignatures() {}

  /**
   * Verifies an armored SSH signature over a message, and returns the key that made it.
   *
   * @param message the exact bytes that were signed
   * @param armoredSignature the {@code -----BEGIN SSH SIGNATURE-----} block, as {@code ssh-keygen -Y sign}
   *     writes it
   * @param namespace the namespace the signature must be for, e.g. {@link
   *     dev.shepherd.identity.Statement#SSH_NAMESPACE}
   * @return the signing key, taken from the signature once it verifies
   * @throws ProofRefusedException with a one-line reason, when the armor, base64 or SSHSIG structure is
   *     malformed or has trailing bytes; the magic, version or reserved field is not SSHSIG's; the namespace is
   *     another one; the hash algorithm is neither sha256 nor sha512; the key is a certificate, security key or
   *     other type not accepted (see {@link SshKey}); the signature's type is not the key's, or is RSA with
   *     SHA-1; or the signature does not verify
   */
  public static SshKey verify(byte[] message, String armoredSignature, String namespace) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(namespace, "namespace");
    SshWireReader blob = new SshWireReader(dearmor(armoredSignature), "the SSH signature");
    if (!Arrays.equals(blob.raw(MAGIC.length), MAGIC)) {
      throw new ProofRefusedException("the signature is not an SSH signature: its data does not begin with SSHSIG");
    }
    long version = blob.uint32();
    if (version != VERSION) {
      throw new ProofRefusedException("the SSH signature has format version " + version + "; Shepherd reads version "
          + VERSION);
    }
    byte[] publicKey = blob.string();
    String signedNamespace = blob.utf8();
    byte[] reserved = blob.string();
    String hashAlgorithm = blob.utf8();
    byte[] signature = blob.string();
    blob.end();

    if (!signedNamespace.equals(namespace)) {
      throw new ProofRefusedException("the SSH signature is for namespace " + quote(signedNamespace) + ", not "
          + quote(namespace) + ": sign with ssh-keygen -Y sign -n " + namespace);
    }
    // OpenSSH signs with it empty, and verifies as if it were: a non-empty one is not from OpenSSH.
    if (reserved.length != 0) {
      throw new ProofRefusedException("the SSH signature's reserved field is not empty");
    }
    Supplier<Digest> messageDigest = switch (hashAlgorithm) {
      case "sha256" -> SHA256Digest::new;
      case "sha512" -> SHA512Digest::new;
      default -> throw new ProofRefusedException("the SSH signature hashes the message with " + quote(hashAlgorithm)
          + "; Shepherd takes sha256 or sha512");
    };
    SshKey key = SshKey.of(publicKey);

    ByteArrayOutputStream signed = new ByteArrayOutputStream();
    signed.writeBytes(MAGIC);
    writeString(signed, namespace.getBytes(StandardCharsets.UTF_8));
    writeString(signed, reserved);
    writeString(signed, hashAlgorithm.getBytes(StandardCharsets.UTF_8));
    writeString(signed, digest(messageDigest.get(), message));

    if (!verifies(key, signature, signed.toByteArray())) {
      throw new ProofRefusedException("the SSH signature does not verify with its key " + key.fingerprint()
          + ": the message or the signature was changed after signing");
    }
    return key;
  }

  /** The SSHSIG blob inside the armor: OpenSSH's header and footer lines around base64. */
  static byte[] dearmor(String armored) {
    if (armored == null || armored.isBlank()) {
      throw new ProofRefusedException("there is no SSH signature");
    }
    if (armored.length() > MAX_ARMORED_CHARS) {
      throw new ProofRefusedException("the SSH signature is longer than " + MAX_ARMORED_CHARS + " characters");
    }
    String[] lines = armored.strip().split("\r?\n", -1);
    if (!lines[0].strip().equals(BEGIN)) {
      throw new ProofRefusedException("the SSH signature must begin with the line " + BEGIN);
    }
    if (lines.length < 3 || !lines[lines.length - 1].strip().equals(END)) {
      throw new ProofRefusedException("the SSH signature must end with the line " + END
          + " (it may have been cut short)");
    }
    StringBuilder base64 = new StringBuilder();
    for (int i = 1; i < lines.length - 1; i++) {
      base64.append(lines[i].strip());
    }
    try {
      return Base64.getDecoder().decode(base64.toString());
    } catch (IllegalArgumentException e) {
      throw new ProofRefusedException("the SSH signature is not valid base64 between its BEGIN and END lines");
    }
  }

  /** Verifies the inner signature ({@code string type, string bytes}) with BouncyCastle. */
  private static boolean verifies(SshKey key, byte[] signature, byte[] signed) {
    SshWireReader reader = new SshWireReader(signature, "the SSH signature's signature field");
    String type = reader.utf8();
    byte[] bytes = reader.string();
    reader.end();
    AsymmetricKeyParameter parameters = key.parameters();
    try {
      return switch (key.type()) {
        case ED25519 -> {
          expectType(key, type, ED25519);
          Ed25519Signer ed25519 = new Ed25519Signer();
          ed25519.init(false, parameters);
          ed25519.update(signed, 0, signed.length);
          yield ed25519.verifySignature(bytes);
        }
        case ECDSA_P256 -> ecdsa(key, type, bytes, parameters, digest(new SHA256Digest(), signed));
        case ECDSA_P384 -> ecdsa(key, type, bytes, parameters, digest(new SHA384Digest(), signed));
        case ECDSA_P521 -> ecdsa(key, type, bytes, parameters, digest(new SHA512Digest(), signed));
        case RSA -> {
          RSADigestSigner rsa = switch (type) {
            case RSA_SHA256 -> new RSADigestSigner(new SHA256Digest());
            case RSA_SHA512 -> new RSADigestSigner(new SHA512Digest());
            case RSA -> throw new ProofRefusedException("the SSH signature is RSA with SHA-1 (ssh-rsa), which is"
                + " refused: sign with OpenSSH 8.2 or later, which uses rsa-sha2-512");
            default -> throw typeMismatch(key, type);
          };
          rsa.init(false, parameters);
          rsa.update(signed, 0, signed.length);
          yield rsa.verifySignature(bytes);
        }
        default -> throw new AssertionError("SshKey accepted a key type with no verifier: " + key.type());
      };
    } catch (ProofRefusedException e) {
      throw e;
    } catch (RuntimeException e) {
      // BouncyCastle rejects some malformed signatures (an RSA value above the modulus) by throwing.
      return false;
    }
  }

  private static boolean ecdsa(SshKey key, String type, byte[] bytes, AsymmetricKeyParameter parameters,
      byte[] hash) {
    expectType(key, type, key.type());
    SshWireReader rs = new SshWireReader(bytes, "the ECDSA signature");
    BigInteger r = rs.positiveMpint();
    BigInteger s = rs.positiveMpint();
    rs.end();
    ECDSASigner ecdsa = new ECDSASigner();
    ecdsa.init(false, parameters);
    return ecdsa.verifySignature(hash, r, s);
  }

  private static void expectType(SshKey key, String type, String expected) {
    if (!type.equals(expected)) {
      throw typeMismatch(key, type);
    }
  }

  private static ProofRefusedException typeMismatch(SshKey key, String type) {
    return new ProofRefusedException("the SSH signature is of type " + quote(type) + " but its key is "
        + key.type());
  }

  private static byte[] digest(Digest digest, byte[] data) {
    digest.update(data, 0, data.length);
    byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return out;
  }

  private static void writeString(ByteArrayOutputStream out, byte[] value) {
    int length = value.length;
    out.write(length >>> 24);
    out.write(length >>> 16);
    out.write(length >>> 8);
    out.write(length);
    out.writeBytes(value);
  }
}
