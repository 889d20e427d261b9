package dev.shepherd.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.provider.HeartbeatingPoll.Beat;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestActivityExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wait every poll loop runs, with scripted polls: where its heartbeat falls, what a cancel and an
 * interrupted pause do, and how a deadline ends it. The SDK sends the first heartbeat at once and throttles
 * the rest, so the events show where the first one falls.
 */
class HeartbeatingPollTest {

  private static final Duration LONG = Duration.ofSeconds(30);
  private static final ActivityOptions ONE_ATTEMPT = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(1))
      // Heartbeats are sent (and a cancel is learned) at most every 80% of this.
      .setHeartbeatTimeout(Duration.ofSeconds(1))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
      .build();

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger polls = new AtomicInteger();
  private final ScriptedWait waits = new ScriptedWait();

  @RegisterExtension
  final TestActivityExtension activities = TestActivityExtension.newBuilder().setActivityImplementations(waits).build();

  @ActivityInterface
  public interface Wait {
    String waitFor(String name);
  }

  /** Runs the wait that {@link #script} makes for the name it is given. */
  static final class ScriptedWait implements Wait {

    volatile Function<String, String> script;

    @Override
    public String waitFor(String name) {
      return script.apply(name);
    }
  }

  @Test
  void beforeEachPoll_theWaitHeartbeatsBeforeItFirstPolls(TestActivityEnvironment env) {
    waits.script = name -> poll(Duration.ofMillis(10)).withHeartbeat(Beat.BEFORE_EACH_POLL, () -> name)
        .until(() -> answerOnPoll(1));
    assertThat(stub(env).waitFor("update")).isEqualTo("answer");
    assertThat(events).containsExactly("heartbeat update", "poll 1");
  }

  @Test
  void afterEachUnansweredPoll_aFirstPollWithTheAnswerSendsNoHeartbeatAndAnotherHeartbeatsBeforeItsPause(
      TestActivityEnvironment env) {
    waits.script = name -> poll(Duration.ofMillis(10)).withHeartbeat(Beat.AFTER_EACH_UNANSWERED_POLL, () -> name)
        .until(() -> answerOnPoll(1));
    stub(env).waitFor("build");
    assertThat(events).containsExactly("poll 1");

    events.clear();
    polls.set(0);
    waits.script = name -> poll(Duration.ofMillis(10)).withHeartbeat(Beat.AFTER_EACH_UNANSWERED_POLL, () -> name)
        .until(() -> answerOnPoll(2));
    stub(env).waitFor("build");
    assertThat(events).containsExactly("poll 1", "heartbeat build", "poll 2");
  }

  @Test
  void aCancelRunsTheCancellationBeforeTheWaitEndsCancelled(TestActivityEnvironment env) {
    waits.script = name -> poll(Duration.ofMillis(50)).withHeartbeat(Beat.AFTER_EACH_UNANSWERED_POLL, () -> name)
        .withCancellation(() -> events.add("stopped"))
        .until(Optional::empty);
    var scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      scheduler.schedule(env::requestCancelActivity, 300, TimeUnit.MILLISECONDS);
      assertThatThrownBy(() -> stub(env).waitFor("build")).isInstanceOf(CanceledFailure.class);
      assertThat(events).first().isEqualTo("heartbeat build");
      assertThat(events).last().isEqualTo("stopped");
      assertThat(events).containsOnlyOnce("stopped");
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void anInterruptedPauseFailsRetryablyWithTheTypeGiven(TestActivityEnvironment env) {
    waits.script = name -> poll(LONG).until(() -> {
      Thread.currentThread().interrupt();
      return Optional.empty();
    });
    assertThatThrownBy(() -> stub(env).waitFor("anything")).cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("Interrupted");
          assertThat(f.isNonRetryable()).isFalse();
        });
  }

  @Test
  void aDeadlineShortensThePauseBeforeItAndEndsTheWaitAfterAPollAtOrPastIt(TestActivityEnvironment env) {
    Instant start = Instant.now();
    waits.script = name -> poll(LONG).withHeartbeat(Beat.AFTER_EACH_UNANSWERED_POLL, () -> name)
        .until(() -> {
          events.add("poll");
          return Optional.empty();
        }, start.plusMillis(300), () -> "deadline");
    assertThat(stub(env).waitFor("watch")).isEqualTo("deadline");
    assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(300))
        .isLessThan(Duration.ofSeconds(5));
    assertThat(events).startsWith("poll", "heartbeat watch", "poll");
  }

  /** The scripted wait, run once, its heartbeats recorded among the events. */
  private Wait stub(TestActivityEnvironment env) {
    env.setActivityHeartbeatListener(String.class, details -> events.add("heartbeat " + details));
    return env.newActivityStub(Wait.class, ONE_ATTEMPT);
  }

  private static HeartbeatingPoll poll(Duration interval) {
    return HeartbeatingPoll.every(interval, "interrupted while waiting in a test", "Interrupted");
  }

  /** A poll that records itself and has the answer from the {@code n}th on. */
  private Optional<String> answerOnPoll(int n) {
    int poll = polls.incrementAndGet();
    events.add("poll " + poll);
    return poll >= n ? Optional.of("answer") : Optional.empty();
  }
}
