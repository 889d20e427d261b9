package dev.shepherd.provider;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How an activity waits for something outside it: poll, heartbeat, pause, again, until a poll has the
 * answer (or, for a watch, until a deadline). The heartbeats are how the activity learns it was cancelled
 * (a heartbeat then throws {@link ActivityCanceledException}) and how Temporal notices a worker that died
 * while it waited; a poll fails the wait by throwing.
 *
 * <p>Immutable: each {@code with} method returns a copy. Call {@code until} from the activity's thread.
 */
public final class HeartbeatingPoll {

  /** When a round heartbeats, relative to its poll. */
  public enum Beat {
    /** Before every poll: the wait heartbeats before it first polls, even when that poll has the answer. */
    BEFORE_EACH_POLL,
    /**
     * After every poll without the answer, just before the pause (and, with a deadline, only while it has
     * not passed): a first poll that has the answer sends no heartbeat.
     */
    AFTER_EACH_UNANSWERED_POLL
  }

  private final Duration interval;
  private final String interruptedMessage;
  private final String interruptedType;
  private final Beat beat;
  private final Supplier<?> details;
  private final Runnable onCancel;

  private HeartbeatingPoll(Duration interval, String interruptedMessage, String interruptedType, Beat beat,
      Supplier<?> details, Runnable onCancel) {
    this.interval = interval;
    this.interruptedMessage = interruptedMessage;
    this.interruptedType = interruptedType;
    this.beat = beat;
    this.details = details;
    this.onCancel = onCancel;
  }

  /**
   * Polls every {@code interval}, heartbeating before each poll with no details until told otherwise.
   *
   * @param interruptedMessage the message of the retryable {@link ApplicationFailure} that the wait fails
   *     with when a pause is interrupted (the worker shutting down)
   * @param interruptedType that failure's type
   */
  public static HeartbeatingPoll every(Duration interval, String interruptedMessage, String interruptedType) {
    return new HeartbeatingPoll(interval, interruptedMessage, interruptedType, Beat.BEFORE_EACH_POLL, () -> null,
        () -> {});
  }

  /** Heartbeats at {@code beat} with the details {@code details} gives at that moment. */
  public HeartbeatingPoll withHeartbeat(Beat beat, Supplier<?> details) {
    return new HeartbeatingPoll(interval, interruptedMessage, interruptedType, beat, details, onCancel);
  }

  /**
   * Runs {@code onCancel} when a heartbeat learns that the activity was cancelled, before the wait ends
   * with the {@link ActivityCanceledException}. Without it the exception just ends the wait. Only a cancel
   * runs it: a heartbeat that fails otherwise (the activity timed out, the worker shuts down) ends the wait
   * without it.
   */
  public HeartbeatingPoll withCancellation(Runnable onCancel) {
    return new HeartbeatingPoll(interval, interruptedMessage, interruptedType, beat, details, onCancel);
  }

  /**
   * Polls until {@code poll} has the answer, however long that takes (the activity's timeouts and
   * cancellation end it otherwise).
   *
   * @param poll the answer, or empty to poll again after the interval; throws to fail the wait
   */
  public <T> T until(Supplier<Optional<T>> poll) {
    return until(poll, null, null);
  }

  /**
   * Polls until {@code poll} has the answer or the deadline passes, whichever is first; the pause before
   * the deadline is shortened to end at it. The deadline is checked after each poll without the answer,
   * so the wait polls at least once and once more at or after the deadline.
   *
   * @param deadline on this machine's clock; null to poll until the answer, a failure or cancellation
   * @param atDeadline what the wait returns when the deadline passed first (unused without a deadline)
   */
  public <T> T until(Supplier<Optional<T>> poll, Instant deadline, Supplier<T> atDeadline) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    while (true) {
      if (beat == Beat.BEFORE_EACH_POLL) {
        heartbeat(ctx);
      }
      Optional<T> answer = poll.get();
      if (answer.isPresent()) {
        return answer.get();
      }
      Instant now = Instant.now();
      if (deadline != null && !now.isBefore(deadline)) {
        return atDeadline.get();
      }
      if (beat == Beat.AFTER_EACH_UNANSWERED_POLL) {
        heartbeat(ctx);
      }
      Duration wait = interval;
      if (deadline != null) {
        Duration left = Duration.between(now, deadline);
        wait = left.compareTo(wait) < 0 ? left : wait;
      }
      pause(wait);
    }
  }

  private void heartbeat(ActivityExecutionContext ctx) {
    try {
      ctx.heartbeat(details.get());
    } catch (ActivityCanceledException e) {
      onCancel.run();
      throw e;
    }
  }

  private void pause(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure(interruptedMessage, interruptedType);
    }
  }
}
