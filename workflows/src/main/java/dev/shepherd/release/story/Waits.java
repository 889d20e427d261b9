package dev.shepherd.release.story;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Durable waits with a summary the Web UI shows. */
final class Waits {

  private Waits() {}

  /** Waits until the condition holds or the timeout passes; true when the condition held. */
  static boolean until(Duration timeout, String summary, Supplier<Boolean> condition) {
    List<Promise<Void>> timer = new ArrayList<>(1);
    CancellationScope timerScope = Workflow.newCancellationScope(() ->
        timer.add(Workflow.newTimer(timeout, TimerOptions.newBuilder().setSummary(summary).build())));
    timerScope.run();
    Workflow.await(() -> condition.get() || timer.get(0).isCompleted());
    boolean met = condition.get();
    if (!timer.get(0).isCompleted()) {
      timerScope.cancel();
    }
    return met;
  }

  /** Waits for {@code duration}: a durable timer. */
  static void sleep(Duration duration, String summary) {
    Workflow.newTimer(duration, TimerOptions.newBuilder().setSummary(summary).build()).get();
  }
}
