package dev.shepherd.cli;

import dev.shepherd.release.status.GateState;
import dev.shepherd.release.status.GateStatus;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.worker.TemporalConnection;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Follows a release until it ends or needs a person ({@code ROLLBACK_FAILED}): redrawn in place on a terminal,
 * one line per change otherwise, one JSON object per change with {@code --output jsonl}, or the last status
 * as JSON with {@code --output json}.
 */
final class Watch {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  /** Cursor home, clear the screen. */
  private static final String CLEAR = "\033[H\033[2J";

  /**
   * Who is watched where, at the top of every redraw: a redraw clears the screen, and with it anything the
   * command printed before.
   *
   * @param server the server, in words: its address, and its namespace when not the default
   * @param webUi the release's page in the Temporal Web UI, or null when the server has none (the demo's)
   * @param commands how a person acts on the release from here (a waiting gate's approve command)
   * @param introduced whether the command already printed where the release runs (start, demo): line-by-line
   *     output, which clears nothing, does not repeat it
   */
  record Header(String server, String webUi, OperatorCommands commands, boolean introduced) {

    /** For a release on the server the command is connected to. */
    static Header of(Context context, GlobalOptions global, TemporalConnection temporal, String workflowId,
        boolean introduced) {
      String server = temporal.address() + ("default".equals(temporal.namespace()) ? ""
          : ", namespace " + temporal.namespace());
      return new Header(server, WebUi.workflowLink(WebUi.configured(global.uiUrl, context.env()),
          temporal.address(), temporal.namespace(), workflowId), OperatorCommands.of(context, global, temporal),
          introduced);
    }

    List<String> lines() {
      List<String> lines = new ArrayList<>();
      lines.add("server   " + server);
      if (webUi != null) {
        lines.add("web UI   " + webUi);
      }
      return lines;
    }
  }

  private final Context context;
  private final GlobalOptions.Format format;
  private final TextStyle style;
  private final Header header;

  Watch(Context context, GlobalOptions.Format format, TextStyle style, Header header) {
    this.context = context;
    this.format = format;
    this.style = style;
    this.header = header;
  }

  /**
   * Shows each status {@code statuses} gives, every {@code poll}, until the release stops; returns the exit code
   * of where it stopped (0 released; 1 failed, rolled back, rollback did not complete, abandoned).
   *
   * @param onStatus sees every status first (the demo approves gates from it)
   */
  int follow(Supplier<ReleaseStatus> statuses, Duration poll, Consumer<ReleaseStatus> onStatus) {
    Output output = switch (format) {
      case JSON -> new LastAsJson();
      case JSONL -> new JsonLines();
      case TEXT -> context.terminal() ? new Redrawn() : new LinePerChange();
    };
    while (true) {
      ReleaseStatus s = statuses.get();
      onStatus.accept(s);
      boolean stops = StatusView.stopsWatch(s.phase());
      output.show(s, stops);
      context.out().flush();
      if (stops) {
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

  /** One of the ways a watch shows what it sees. */
  private interface Output {
    /** Shows the status; {@code last} when the watch stops after it. */
    void show(ReleaseStatus s, boolean last);
  }

  private StatusView.Rendering rendering() {
    return StatusView.Rendering.of(context, style, header.commands());
  }

  /** A terminal: the whole status, header first, drawn again whenever what it shows changes (countdowns do). */
  private final class Redrawn implements Output {
    private String shown;

    @Override
    public void show(ReleaseStatus s, boolean last) {
      String frame = StatusView.text(s, 5, List.of(), rendering().withHeader(header.lines()));
      if (!last) {
        frame = frame + "\n\n" + style.dim("Ctrl+C stops watching; the release goes on.");
      }
      if (!frame.equals(shown)) {
        context.out().print(CLEAR);
        context.out().println(frame);
        shown = frame;
      }
    }
  }

  /** A file or a pipe: a line per change of phase or activity, the approve command once per gate, then the status. */
  private final class LinePerChange implements Output {
    private String said;
    private final Set<String> gatesAnnounced = new HashSet<>();

    @Override
    public void show(ReleaseStatus s, boolean last) {
      StatusView.Rendering r = rendering();
      if (said == null && !header.introduced()) {
        context.out().println("watching " + s.workflowId());
        header.lines().forEach(context.out()::println);
      }
      // Compared before times are made readable: a countdown is not a change.
      String line = s.phase() + " - " + s.activity();
      if (!line.equals(said)) {
        context.out().println(LocalTime.now(context.clock()).format(CLOCK) + "  "
            + style.paint(StatusTones.tone(s.phase()), s.phase().name()) + " - "
            + HumanTime.inProse(s.activity(), r.now(), r.zone()));
        said = line;
      }
      for (GateStatus g : s.gates()) {
        if (g.state() == GateState.WAITING && !last && gatesAnnounced.add(g.name())) {
          context.out().println("          gate " + g.name() + " waits; approve: " + r.commands().approve(s, g));
        }
      }
      if (last) {
        context.out().println();
        context.out().println(StatusView.text(s, 5, List.of(), r));
      }
    }
  }

  /** {@code --output jsonl}: one compact JSON object per change, the last one the status the watch stopped at. */
  private final class JsonLines implements Output {
    private String sent;

    @Override
    public void show(ReleaseStatus s, boolean last) {
      String line = Json.line(s);
      if (!line.equals(sent)) {
        context.out().println(line);
        sent = line;
      }
    }
  }

  /** {@code --output json}: the status the watch stopped at, as {@code status --output json} has it. */
  private final class LastAsJson implements Output {
    @Override
    public void show(ReleaseStatus s, boolean last) {
      if (last) {
        context.out().println(Json.write(s));
      }
    }
  }
}
