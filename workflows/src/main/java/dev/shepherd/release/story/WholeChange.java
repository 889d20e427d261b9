package dev.shepherd.release.story;

import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs an activity that changes the cloud to completion even when the workflow is cancelled, then
 * honours the cancellation. A change is never cut off half-way, none starts once cancelled, and once the
 * workflow has stopped nothing more changes, so a rollback that follows cannot be overtaken by a late
 * write.
 */
public final class WholeChange {

  private WholeChange() {}

  public static <T> T run(Supplier<T> change) {
    if (CancellationScope.current().isCancelRequested()) {
      throw new CanceledFailure("cancelled before the change started");
    }
    List<T> result = new ArrayList<>(1);
    Workflow.newDetachedCancellationScope(() -> result.add(change.get())).run();
    if (CancellationScope.current().isCancelRequested()) {
      throw new CanceledFailure("cancelled after the change completed");
    }
    return result.get(0);
  }
}
