package dev.shepherd.proof;

/** A proof that does not prove what it claims; the message says why, in one line. */
public class ProofRefusedException extends RuntimeException {

  public ProofRefusedException(String message) {
    super(message);
  }
}
