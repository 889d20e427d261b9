package dev.shepherd.proof;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

/**
 * An SSHSIG blob taken apart (PROTOCOL.sshsig), to build the signatures OpenSSH never makes: a swapped key,
 * another version, trailing bytes, SHA-1. Written from the spec, apart from the code under test.
 */
record SshsigBlob(byte[] magic, long version, byte[] publicKey, String namespace, byte[] reserved,
    String hashAlgorithm, byte[] signature, byte[] trailing) {

  static SshsigBlob of(String armored) {
    SshWireReader reader = new SshWireReader(SshSignatures.dearmor(armored), "the test signature");
    SshsigBlob blob = new SshsigBlob(reader.raw(6), reader.uint32(), reader.string(), reader.utf8(),
        reader.string(), reader.utf8(), reader.string(), new byte[0]);
    reader.end();
    return blob;
  }

  /**
   * A signature made in Java with a private key: what ssh-keygen would make, except for what the
   * arguments change.
   *
   * @param signer a BouncyCastle signer for the signature type, e.g. {@code new RSADigestSigner(new SHA1Digest())}
   * @param signatureType the type written in the signature, e.g. {@code ssh-rsa}
   */
  static SshsigBlob signed(byte[] message, SshKey key, AsymmetricKeyParameter privateKey, Signer signer,
      String signatureType, String namespace, String hashAlgorithm) {
    Digest digest = hashAlgorithm.equals("sha256") ? new SHA256Digest() : new SHA512Digest();
    digest.update(message, 0, message.length);
    byte[] hash = new byte[digest.getDigestSize()];
    digest.doFinal(hash, 0);
    ByteArrayOutputStream signed = new ByteArrayOutputStream();
    signed.writeBytes("SSHSIG".getBytes(StandardCharsets.US_ASCII));
    signed.writeBytes(string(utf8(namespace)));
    signed.writeBytes(string(new byte[0]));
    signed.writeBytes(string(utf8(hashAlgorithm)));
    signed.writeBytes(string(hash));
    byte[] data = signed.toByteArray();
    signer.init(true, privateKey);
    signer.update(data, 0, data.length);
    byte[] signature;
    try {
      signature = signer.generateSignature();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return new SshsigBlob("SSHSIG".getBytes(StandardCharsets.US_ASCII), 1, key.encoded(), namespace, new byte[0],
        hashAlgorithm, concat(string(utf8(signatureType)), string(signature)), new byte[0]);
  }

  byte[] encoded() {
    return concat(magic, uint32(version), string(publicKey), string(utf8(namespace)), string(reserved),
        string(utf8(hashAlgorithm)), string(signature), trailing);
  }

  /** Armored as ssh-keygen armors: 70 base64 characters a line. */
  String armored() {
    String base64 = Base64.getEncoder().encodeToString(encoded());
    StringBuilder sb = new StringBuilder(SshSignatures.BEGIN).append('\n');
    for (int i = 0; i < base64.length(); i += 70) {
      sb.append(base64, i, Math.min(base64.length(), i + 70)).append('\n');
    }
    return sb.append(SshSignatures.END).append('\n').toString();
  }

  SshsigBlob withMagic(String value) {
    return new SshsigBlob(utf8(value), version, publicKey, namespace, reserved, hashAlgorithm, signature, trailing);
  }

  SshsigBlob withVersion(long value) {
    return new SshsigBlob(magic, value, publicKey, namespace, reserved, hashAlgorithm, signature, trailing);
  }

  SshsigBlob withPublicKey(byte[] value) {
    return new SshsigBlob(magic, version, value, namespace, reserved, hashAlgorithm, signature, trailing);
  }

  SshsigBlob withNamespace(String value) {
    return new SshsigBlob(magic, version, publicKey, value, reserved, hashAlgorithm, signature, trailing);
  }

  SshsigBlob withReserved(byte[] value) {
    return new SshsigBlob(magic, version, publicKey, namespace, value, hashAlgorithm, signature, trailing);
  }

  SshsigBlob withHashAlgorithm(String value) {
    return new SshsigBlob(magic, version, publicKey, namespace, reserved, value, signature, trailing);
  }

  SshsigBlob withSignature(byte[] value) {
    return new SshsigBlob(magic, version, publicKey, namespace, reserved, hashAlgorithm, value, trailing);
  }

  SshsigBlob withTrailing(byte[] value) {
    return new SshsigBlob(magic, version, publicKey, namespace, reserved, hashAlgorithm, signature, value);
  }

  /** An SSH string: uint32 length, then the bytes. */
  static byte[] string(byte[] value) {
    return concat(uint32(value.length), value);
  }

  static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] uint32(long value) {
    return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
