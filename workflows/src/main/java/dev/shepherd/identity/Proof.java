package dev.shepherd.identity;

/**
 * A proof of who sent a message: the signed {@link Statement} text and the signature over it, by one
 * method. A message without a proof is self-asserted; only a worker whose policy accepts {@value
 * #INSECURE} takes it, and then marks the sender UNVERIFIED.
 *
 * @param method {@value #SSH} or {@value #AWS}
 * @param statement the statement's exact text ({@link Statement#text()})
 * @param signature for {@value #SSH}: the armored {@code -----BEGIN SSH SIGNATURE-----} block that {@code
 *     ssh-keygen -Y sign -n shepherd} writes
 * @param sts for {@value #AWS}: a presigned STS GetCallerIdentity request whose signed headers include
 *     {@value StsRequest#BINDING_HEADER}, carrying the statement's SHA-256
 */
public record Proof(String method, String statement, String signature, StsRequest sts) {

  /** Signed with an SSH key listed in the worker's allowed-signers file. */
  public static final String SSH = "ssh";
  /** A presigned STS GetCallerIdentity request, answered by STS with the caller's ARN. */
  public static final String AWS = "aws";
  /** No proof: the name is taken as given and marked UNVERIFIED. */
  public static final String INSECURE = "insecure";

  public static Proof ssh(Statement statement, String armoredSignature) {
    return new Proof(SSH, statement.text(), armoredSignature, null);
  }

  public static Proof aws(Statement statement, StsRequest request) {
    return new Proof(AWS, statement.text(), null, request);
  }
}
