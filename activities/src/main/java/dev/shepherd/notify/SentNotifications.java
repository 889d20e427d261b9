package dev.shepherd.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The notifications one kind of channel settled on this worker (sent, refused, or sent with no answer), by
 * target and notification id, so that a retried activity does not send them again; the most recent
 * {@code capacity} only, so that a long-running worker's memory stays bounded. A notification being sent is
 * claimed first, so that two attempts running at once (after a start-to-close timeout) do not both send it.
 */
final class SentNotifications {

  /** How many notifications each kind of channel remembers. */
  static final int DEFAULT_CAPACITY = 10_000;

  /** What a claim found. */
  sealed interface Claim {}

  /** Nobody has settled or is sending it: the claimant sends it, then settles or releases it. */
  record Claimed() implements Claim {}

  /** Another attempt is sending it now. */
  record InFlight() implements Claim {}

  /** It was settled before: this is the line of its outcome. */
  record Settled(String outcome) implements Claim {}

  private static final String IN_FLIGHT = "\u0000in flight";

  private final Map<String, String> outcomes;

  SentNotifications(int capacity) {
    this.outcomes = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized Claim claim(String target, String id) {
    String key = key(target, id);
    String outcome = outcomes.get(key);
    if (outcome == null) {
      outcomes.put(key, IN_FLIGHT);
      return new Claimed();
    }
    return outcome.equals(IN_FLIGHT) ? new InFlight() : new Settled(outcome);
  }

  /** It is settled with this outcome: never sent again. */
  synchronized void settle(String target, String id, String outcome) {
    outcomes.put(key(target, id), outcome);
  }

  /** It was not delivered: a retry may send it. */
  synchronized void release(String target, String id) {
    outcomes.remove(key(target, id), IN_FLIGHT);
  }

  synchronized int size() {
    return outcomes.size();
  }

  private static String key(String target, String id) {
    return target + "\u0000" + id;
  }
}
