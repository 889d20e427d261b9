package dev.shepherd.notify;

/**
 * What one channel did with one notification.
 *
 * @param outcome whether it was delivered, and if not, whether it may be sent again
 * @param detail what happened, for the result and the log; never a webhook's URL
 */
record Delivery(Outcome outcome, String detail) {

  /** Whether a notification may be, or must not be, sent to the channel again. */
  enum Outcome {
    /** The channel accepted it: never sent again. */
    SENT,
    /**
     * Provably not delivered (the connection was refused, the host not found, the channel said it did not
     * process it): sent again when the activity is retried.
     */
    NOT_DELIVERED,
    /**
     * The request went out and no clear answer came back (a timeout, a lost connection, a server error): it may
     * have been delivered, so it is not sent again.
     */
    UNKNOWN,
    /** The channel refused it, or cannot be used (an unknown webhook, a missing topic, no permission). */
    REFUSED
  }

  static Delivery sent(String detail) {
    return new Delivery(Outcome.SENT, detail);
  }

  static Delivery notDelivered(String detail) {
    return new Delivery(Outcome.NOT_DELIVERED, detail);
  }

  static Delivery unknown(String detail) {
    return new Delivery(Outcome.UNKNOWN, detail);
  }

  static Delivery refused(String detail) {
    return new Delivery(Outcome.REFUSED, detail);
  }

  /** Whether this is final: everything but {@link Outcome#NOT_DELIVERED}. */
  boolean settled() {
    return outcome != Outcome.NOT_DELIVERED;
  }

  /** The line of the result, e.g. {@code webhook ops: sent (HTTP 200)}. */
  String line(String channel) {
    return channel + ": " + detail;
  }
}
