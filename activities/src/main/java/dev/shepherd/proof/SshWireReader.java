package dev.shepherd.proof;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the SSH wire encoding (RFC 4251 section 5: uint32, string, mpint) of a signature or key, refusing
 * anything short, oversized or left over. It only splits bytes into fields; BouncyCastle does the crypto.
 */
final class SshWireReader {

  private final byte[] data;
  private final String what;
  private int position;

  /**
   * @param data the encoded bytes
   * @param what what they are, for refusals: e.g. {@code the SSH signature}
   */
  SshWireReader(byte[] data, String what) {
    this.data = data;
    this.what = what;
  }

  /** The next {@code length} bytes as they are. */
  byte[] raw(int length) {
    if (length > data.length - position) {
      throw truncated();
    }
    byte[] bytes = Arrays.copyOfRange(data, position, position + length);
    position += length;
    return bytes;
  }

  /** A big-endian unsigned 32-bit number. */
  long uint32() {
    return Integer.toUnsignedLong(ByteBuffer.wrap(raw(4)).getInt());
  }

  /** A length-prefixed byte string. */
  byte[] string() {
    long length = uint32();
    if (length > data.length - position) {
      throw truncated();
    }
    return raw((int) length);
  }

  /** A length-prefixed UTF-8 string; refuses bytes that are not UTF-8. */
  String utf8() {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(string()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ProofRefusedException(what + " is malformed: a text field is not UTF-8");
    }
  }

  /**
   * A non-negative mpint in its minimal encoding, as OpenSSH writes them: a value with another encoding
   * would be a second, different-looking signature for the same thing.
   */
  BigInteger positiveMpint() {
    byte[] bytes = string();
    if (bytes.length > 0 && (bytes[0] & 0x80) != 0) {
      throw new ProofRefusedException(what + " is malformed: a number in it is negative");
    }
    if (bytes.length > 0 && bytes[0] == 0 && (bytes.length == 1 || (bytes[1] & 0x80) == 0)) {
      throw new ProofRefusedException(what + " is malformed: a number in it has a needless leading zero");
    }
    return new BigInteger(1, bytes);
  }

  /** Refuses bytes left after the last field. */
  void end() {
    int left = data.length - position;
    if (left != 0) {
      throw new ProofRefusedException(what + " has " + left + " unexpected byte" + (left == 1 ? "" : "s")
          + " after its end");
    }
  }

  private ProofRefusedException truncated() {
    return new ProofRefusedException(what + " is truncated: it ends in the middle of a field");
  }
}
