package dev.shepherd.release.story;

import dev.shepherd.release.FailureType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.Locale;

/** Why a release stopped going forward: the failure type it ends with, and the reason in words. */
public final class Halt extends RuntimeException {

  final FailureType type;

  public Halt(FailureType type, String message, Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  /** The halt a failed step causes: its ApplicationFailure type when it has one, else {@code otherwise}. */
  static Halt from(String step, TemporalFailure e, FailureType otherwise) {
    if (isCancellation(e)) {
      return new Halt(FailureType.ABORTED, step + " was cancelled", e);
    }
    return new Halt(typeOf(e, otherwise), step + " failed: " + rootMessage(e), e);
  }

  public static FailureType typeOf(Throwable e, FailureType otherwise) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af && af.getType() != null) {
        for (FailureType type : FailureType.values()) {
          if (type.name().equals(af.getType())) {
            return type;
          }
        }
      }
    }
    return otherwise;
  }

  /** The innermost message, which is the one that says what went wrong. */
  public static String rootMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af) {
        message = af.getOriginalMessage();
      } else if (t instanceof TimeoutFailure tf) {
        message = "timed out (" + tf.getTimeoutType().name().toLowerCase(Locale.ROOT)
            .replace("timeout_type_", "").replace('_', '-') + ")";
      } else if (!(t instanceof ActivityFailure) && !(t instanceof ChildWorkflowFailure)
          && t instanceof TemporalFailure tf) {
        message = tf.getOriginalMessage();
      }
    }
    return message;
  }

  public static boolean isCancellation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }
}
