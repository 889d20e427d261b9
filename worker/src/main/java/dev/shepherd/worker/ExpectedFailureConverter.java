package dev.shepherd.worker;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.CoreConstants;
import dev.shepherd.release.FailureType;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.ActivityNotExistsException;
import io.temporal.client.ActivityWorkerShutdownException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The logback conversion word for a log line's exception ({@code %failure} in our logback configurations):
 * an expected failure is said on the line itself, in parentheses after the message; anything else is
 * printed as its full stack trace, on the lines below, as logback's own {@code %ex} would.
 *
 * <p>The Temporal SDK logs every failed activity and every failed workflow at WARN with its trace. For
 * Shepherd most of those are the design working: an alarm ended a watch and the release rolled back, an
 * operator aborted, the worker is shutting down under a running watch. Their traces show only where
 * Shepherd threw its own failure, and fill a terminal with Temporal's internals. A failure is expected
 * when every link of its cause chain is one of:
 *
 * <ul>
 *   <li>an {@link ApplicationFailure} whose type is a {@link FailureType}: Shepherd raised it on purpose,
 *       with a message that says what happened;
 *   <li>an activity or child workflow failure, a cancellation, a timeout or a termination: Temporal's
 *       account of what happened elsewhere, whose meaning is in its cause or its kind, not in a trace;
 *   <li>the end of an activity's work that is no longer wanted: it was cancelled, its workflow has ended,
 *       or its worker is shutting down.
 * </ul>
 *
 * Anything else (an exception from our code or a library, a failure of a type Shepherd does not define)
 * is unexpected and keeps its trace.
 */
public final class ExpectedFailureConverter extends ThrowableProxyConverter {

  private static final int MAX_CHAIN = 16;

  private static final Set<String> SHEPHERD_TYPES =
      Arrays.stream(FailureType.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());

  @Override
  public String convert(ILoggingEvent event) {
    if (event.getThrowableProxy() == null) {
      return "";
    }
    if (event.getThrowableProxy() instanceof ThrowableProxy proxy && isExpected(proxy.getThrowable())) {
      return " (" + summary(proxy.getThrowable()).strip().replaceAll("\\s*\\R\\s*", " ") + ")";
    }
    // The pattern ends the line after this word; the trace starts on a line of its own and ends where the
    // pattern ends it.
    String trace = super.convert(event);
    return CoreConstants.LINE_SEPARATOR + trace.stripTrailing();
  }

  /** Whether every link of the failure's cause chain is one that needs no stack trace (see above). */
  private static boolean isExpected(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // A chain this long (or a loop) is no account of an expected event.
      if (++depth > MAX_CHAIN || !needsNoTrace(t)) {
        return false;
      }
    }
    return true;
  }

  private static boolean needsNoTrace(Throwable t) {
    if (t instanceof ApplicationFailure a) {
      return SHEPHERD_TYPES.contains(a.getType());
    }
    return t instanceof ActivityFailure || t instanceof ChildWorkflowFailure || t instanceof CanceledFailure
        || t instanceof TimeoutFailure || t instanceof TerminatedFailure
        || t instanceof ActivityCanceledException || t instanceof ActivityNotExistsException
        || t instanceof ActivityWorkerShutdownException;
  }

  /** An expected failure in words: Shepherd's failure type and message, or what ended the activity. */
  private static String summary(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure a) {
        return a.getType() + ": " + a.getOriginalMessage();
      }
      if (t instanceof ActivityWorkerShutdownException) {
        return "the worker is shutting down";
      }
      if (t instanceof ActivityNotExistsException) {
        return "the activity's workflow has ended or no longer waits for it";
      }
      if (t instanceof ActivityCanceledException || t instanceof CanceledFailure) {
        return "cancelled";
      }
      if (t instanceof TimeoutFailure timeout) {
        return "timed out: " + timeout.getTimeoutType().name().replace("TIMEOUT_TYPE_", "")
            .toLowerCase(Locale.ROOT).replace('_', '-');
      }
      if (t instanceof TerminatedFailure) {
        return "terminated";
      }
    }
    return failure.getClass().getSimpleName();
  }
}
