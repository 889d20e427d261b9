package dev.shepherd.release;

import dev.shepherd.release.region.RegionDeploymentWorkflowImpl;
import dev.shepherd.release.story.ReleaseWorkflowImpl;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded release histories (every scenario of {@link ReleaseWorkflowTest}, and their regions)
 * against the current workflow code. A change that would break a running release fails here: guard it
 * with {@code Workflow.getVersion}. Record histories again with {@code -Dshepherd.recordHistories=true}
 * when a scenario is added, and keep the old files.
 */
class ReplayTest {

  private static final Path HISTORIES = Path.of("src/test/resources/histories");

  static Stream<Path> histories() throws IOException {
    try (Stream<Path> files = Files.list(HISTORIES)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @Test
  void everyScenarioHasARecordedHistory() throws IOException {
    List<String> names = histories().map(p -> p.getFileName().toString()).toList();
    assertThat(names).contains(
        "happy-path.json", "happy-path--eu-west-1.json", "build-failure.json", "deploy-failure-wave-2.json",
        "alarm-in-canary.json", "alarm-wave-1-during-wave-2-bake.json", "alarm-during-flag-bake.json",
        "rejection.json", "approval-timeout.json", "abort-mid-bake.json", "approval-by-signal.json",
        "pause-then-retry.json", "pause-then-rollback.json", "deployment-window.json",
        "rollback-failed-then-retried.json", "alias-drifted.json", "alarm-while-gate-waits.json",
        "malformed-signals.json", "forged-progress-signal.json",
        // Recorded before canary analysis was acted on, with an analysis section in its spec: replayed as it ran.
        "pre-analysis-spec-with-analysis.json",
        "analysis-pass.json", "analysis-fail.json", "hooks-pass.json", "hooks-fail.json", "notifications.json",
        // A wave's rollback targets read in one step, ahead of the guard's watches (getVersion "wave-reads-first").
        "wave-reads-first.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void replaysOnTheCurrentCode(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history.toFile(), ReleaseWorkflowImpl.class,
        RegionDeploymentWorkflowImpl.class);
  }
}
