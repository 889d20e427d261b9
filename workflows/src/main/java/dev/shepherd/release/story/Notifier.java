package dev.shepherd.release.story;

import dev.shepherd.cloud.Notification;
import dev.shepherd.cloud.NotificationKind;
import dev.shepherd.cloud.NotificationResult;
import dev.shepherd.spec.NotificationsSpec;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;

/**
 * Tells the spec's channels ({@code notifications}) what happens to the release. Anything in the release may
 * queue a notification, handlers included; one workflow thread sends them, in order, each as an activity
 * nobody waits for, so that a notification never blocks or fails the release. Before the release closes it
 * gives the last ones a minute to be delivered (once it has closed, an activity not yet started is dropped).
 *
 * <p>A spec without {@code notifications} sends nothing and records nothing in history, as before this
 * existed.
 */
public final class Notifier {

  private static final Logger log = Workflow.getLogger(Notifier.class);
  /** How long the release waits, as it closes, for its last notifications. */
  static final Duration FLUSH = Duration.ofMinutes(1);

  private final ReleaseState state;
  private final Deque<Notification> queue = new ArrayDeque<>();
  private final List<Promise<NotificationResult>> sent = new ArrayList<>();
  private int count;
  private boolean started;

  Notifier(ReleaseState state) {
    this.state = state;
  }

  private NotificationsSpec channels() {
    return state.notifications();
  }

  /** Starts the thread that sends; call once, from the release's main thread. */
  void start() {
    if (channels() == null || started) {
      return;
    }
    started = true;
    Workflow.newDetachedCancellationScope(() -> Async.procedure(this::sendQueued)).run();
  }

  /** Queues a notification; a no-op without channels. */
  public void notify(NotificationKind kind, String gate, String title, String text) {
    NotificationsSpec channels = channels();
    if (channels == null) {
      return;
    }
    count++;
    var info = Workflow.getInfo();
    String prefix = state.spec.application() + " " + state.request.version() + ": ";
    queue.add(new Notification(info.getWorkflowId() + "/" + info.getRunId() + "/" + count, kind,
        kind == NotificationKind.ROLLBACK_FAILED, info.getNamespace(), info.getWorkflowId(), info.getRunId(),
        state.spec.application(), state.request.version(), gate, prefix + title, text, channels.sns(),
        channels.webhook()));
  }

  private void sendQueued() {
    while (true) {
      Workflow.await(() -> !queue.isEmpty());
      Notification n = queue.poll();
      Promise<NotificationResult> p = Async.function(ActivityStubs.notify("Notify " + String.join(" and ",
          channels(n)) + ": " + n.title(), n.urgent())::send, n);
      sent.add(p);
      p.handle((result, failure) -> {
        // What did not get through is in the release's audit log, with what did, for the one audit trail.
        if (failure != null) {
          log.warn("notification {} ({}) was not sent: {}", n.id(), n.kind(), failure.getMessage());
          state.record(ReleaseState.SYSTEM, "NOT_NOTIFIED", n.kind() + ": " + Halt.rootMessage(failure));
        } else if (result != null) {
          for (String outcome : result.outcomes()) {
            if (!outcome.contains(": sent")) {
              state.record(ReleaseState.SYSTEM, "NOT_NOTIFIED", n.kind() + ": " + outcome);
            }
          }
        }
        return null;
      });
    }
  }

  private static List<String> channels(Notification n) {
    List<String> out = new ArrayList<>();
    if (n.sns() != null) {
      out.add("SNS");
    }
    if (n.webhook() != null) {
      out.add("webhook " + n.webhook());
    }
    return out;
  }

  /** Waits, at most {@link #FLUSH}, until every queued notification has been sent or given up on. */
  void flush() {
    if (!started) {
      return;
    }
    Workflow.await(FLUSH, () -> queue.isEmpty() && sent.stream().allMatch(Promise::isCompleted));
  }
}
