package dev.shepherd.cli;

import dev.shepherd.release.ReleaseStatus;
import dev.shepherd.release.ReleaseWorkflow;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Follows a release until it ends or needs a person ({@code ROLLBACK_FAILED}): redrawn in place on a terminal,
 * one line per change otherwise.
 */
final class Watch {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private Watch() {}

  /**
   * Returns the exit code of where the release stopped (0 released; 1 failed, rolled back, rollback did not
   * complete, abandoned).
   */
  static int follow(ReleaseWorkflow release, Context context, boolean json, Duration poll) {
    return follow(release, context, json, poll, status -> { });
  }

  /** As {@link #follow(ReleaseWorkflow, Context, boolean, Duration)}, showing each status to {@code onStatus}. */
  static int follow(ReleaseWorkflow release, Context context, boolean json, Duration poll,
      java.util.function.Consumer<ReleaseStatus> onStatus) {
    boolean tty = !json && context.out() == System.out && System.console() != null;
    String last = null;
    while (true) {
      ReleaseStatus s = release.status();
      onStatus.accept(s);
      if (!json) {
        if (tty) {
          String screen = StatusView.text(s, 5);
          if (!screen.equals(last)) {
            context.out().print("\033[H\033[2J");
            context.out().println(screen);
            last = screen;
          }
        } else {
          String line = s.phase() + " - " + s.activity();
          if (!line.equals(last)) {
            context.out().println(LocalTime.now().format(CLOCK) + "  " + line);
            last = line;
          }
        }
      }
      if (StatusView.stopsWatch(s.phase())) {
        if (json) {
          context.out().println(Json.write(s));
        } else if (!tty) {
          context.out().println();
          context.out().println(StatusView.text(s, 5));
        }
        return StatusView.exitCode(s.phase());
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(ExitCodes.RELEASE_FAILED, "interrupted");
      }
    }
  }
}
