package dev.shepherd.worker;

/** Temporal did not answer at the address tried. */
public final class TemporalUnreachableException extends RuntimeException {

  private final String address;

  public TemporalUnreachableException(String address, Throwable cause) {
    super("cannot reach Temporal at " + address + ": " + (cause == null ? "no answer" : cause.getMessage())
        + " (set --address or TEMPORAL_ADDRESS)", cause);
    this.address = address;
  }

  public String address() {
    return address;
  }
}
