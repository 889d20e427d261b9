package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The live view of {@code watch}, {@code start --wait} and {@code demo} on a fake terminal: a captured stdout
 * that says it is a terminal, a clock a second further on each time the release is asked, and the statuses a
 * release goes through.
 */
class WatchTest {

  private static final String CLEAR = "\033[H\033[2J";
  private static final String SERVER = "127.0.0.1:40527";
  private static final String WEB_UI = "http://127.0.0.1:8233/namespaces/default/workflows/release%2Fpayments%2F1.4.2";

  @Test
  void onATerminalEveryRedrawKeepsTheHeaderWithTheReleaseServerAndWebUiLink() {
    Watched w = watch(Terminal.yes(), GlobalOptions.Format.TEXT,
        Statuses.awaitingApproval("1.4.2"), Statuses.awaitingApproval("1.4.2"), Statuses.released("1.4.2"));

    assertThat(w.exitCode).isZero();
    assertThat(w.frames()).as(w.out).hasSizeGreaterThanOrEqualTo(2).allSatisfy(frame -> {
      List<String> lines = frame.lines().toList();
      assertThat(lines.get(0)).startsWith("release/payments/1.4.2   payments 1.4.2   started by carol");
      assertThat(lines.get(1)).isEqualTo("server   " + SERVER);
      assertThat(lines.get(2)).isEqualTo("web UI   " + WEB_UI);
    });
  }

  @Test
  void theWaitingGatesRowHoldsTheExactApproveCommandWithTheServersAddress() {
    Watched w = watch(Terminal.yes(), GlobalOptions.Format.TEXT,
        Statuses.awaitingApproval("1.4.2"), Statuses.released("1.4.2"));

    List<String> first = w.frames().get(0).lines().toList();
    int gate = first.indexOf("  ● rest             WAITING    waiting 1m30s; rejects in 71h58m");
    assertThat(gate).as(w.frames().get(0)).isPositive();
    assertThat(first.get(gate + 1)).isEqualTo(
        "      approve: ./shepherd approve payments/1.4.2 --gate rest --as alice --address " + SERVER);
    assertThat(first).last().isEqualTo("Ctrl+C stops watching; the release goes on.");
    String last = w.frames().get(w.frames().size() - 1);
    assertThat(last).as("released: nothing to approve, nothing more to watch").doesNotContain("approve:")
        .doesNotContain("Ctrl+C").containsPattern("rest +APPROVED +by bob");
  }

  @Test
  void theCountdownsAndElapsedTimesMoveOnWithTheClockOnEveryRedraw() {
    Instant bakeEnds = START.plusSeconds(193);
    Watched w = watch(Terminal.yes(), GlobalOptions.Format.TEXT, Statuses.baking("1.4.2", bakeEnds),
        Statuses.baking("1.4.2", bakeEnds), Statuses.released("1.4.2"));

    // The clock is a second on each time the release is asked: 3m12s, then 3m11s left.
    assertThat(w.frames().get(0)).containsPattern("canary-region +BAKING +bake 3m12s left \\(of 5m00s\\)")
        .contains("running for 16m30s");
    assertThat(w.frames().get(1)).containsPattern("canary-region +BAKING +bake 3m11s left \\(of 5m00s\\)")
        .contains("running for 16m31s");
  }

  @ParameterizedTest(name = "terminal {0}, --color {1}, NO_COLOR ''{2}'': colour {3}")
  @CsvSource({
      "true,  auto,   ,  true",
      "true,  auto,  1,  false",
      "true,  auto, '',  true",
      "true,  never,  ,  false",
      "false, auto,   ,  false",
      "false, always, ,  true",
      "true,  always, 1, true",
  })
  void colourIsOnAtATerminalUnlessNoColorOrNeverAndAlwaysWhenAsked(boolean terminal, String color, String noColor,
      boolean coloured) {
    Map<String, String> env = new HashMap<>();
    if (noColor != null) {
      env.put("NO_COLOR", noColor);
    }
    Watched w = watch(new Terminal(terminal, env, color, StandardCharsets.UTF_8), GlobalOptions.Format.TEXT,
        Statuses.awaitingApproval("1.4.2"), Statuses.released("1.4.2"));

    String shown = w.out.replace(CLEAR, "");
    if (coloured) {
      assertThat(shown).as("a green ✓ for the deployed region").contains("\033[32m✓\033[0m");
    } else {
      assertThat(shown).doesNotContain("\033");
    }
  }

  @Test
  void onATerminalLinesAreCutToColumnsWithAnEllipsisButTheApproveCommandAndWebUiLinkAreWhole() {
    Watched w = watch(new Terminal(true, Map.of("COLUMNS", "60"), "auto", StandardCharsets.UTF_8),
        GlobalOptions.Format.TEXT, Statuses.awaitingApproval("1.4.2"), Statuses.released("1.4.2"));

    String first = w.frames().get(0);
    assertThat(first.lines().filter(l -> !l.contains("approve:") && !l.startsWith("web UI")))
        .allSatisfy(l -> assertThat(TextStyle.visibleLength(l)).as(l).isLessThanOrEqualTo(60));
    assertThat(first).contains("phase    \033[33;1mAWAITING_APPROVAL\033[0m - waiting for approval of gate r…\033[0m\n")
        .as("the Web UI link is whole: cut, it would lead nowhere").contains("web UI   " + WEB_UI + "\n")
        .contains("approve:\033[0m ./shepherd approve payments/1.4.2 --gate rest --as alice --address " + SERVER + "\n")
        .doesNotContain("approve:\033[0m ./shepherd approve payments/1.4.2 --gate rest --as alice --address "
            + SERVER + "…");
  }

  @Test
  void theWidthIsAHundredColumnsWhenColumnsDoesNotSayAndLinesAreWholeWhenNotATerminal() {
    Watched terminal = watch(Terminal.yes(), GlobalOptions.Format.TEXT, Statuses.rollbackFailed("1.4.2"));
    Watched file = watch(Terminal.no(), GlobalOptions.Format.TEXT, Statuses.rollbackFailed("1.4.2"));

    assertThat(terminal.out.replace(CLEAR, "").lines())
        .allSatisfy(l -> assertThat(TextStyle.visibleLength(l)).as(l).isLessThanOrEqualTo(100));
    assertThat(terminal.out).as("cut after the command, not in it")
        .contains("           shepherd rollback release/payments/1.4.2               to retry the undos that are left,…\n");
    assertThat(file.out).contains("left on v2 by this release, found on v7 - not rolled back, someone moved it (was v1 "
        + "before the release)\n");
  }

  @Test
  void whereTheCharsetHasNoSymbolsTheirAsciiStandInsAreUsed() {
    Watched w = watch(new Terminal(true, Map.of(), "never", StandardCharsets.US_ASCII), GlobalOptions.Format.TEXT,
        Statuses.released("1.4.2"));

    assertThat(w.out).containsPattern("  \\+ canary-region +DONE").contains("v3 -> v4").contains("not set -> true")
        .doesNotContain("?");  // what the charset makes of a symbol it cannot encode
  }

  @Test
  void inAFileOrPipeItSaysWhereOnceThenALinePerChangeTheApproveCommandOnceAndTheStatusAtTheEnd() {
    ReleaseStatus waiting = Statuses.awaitingApproval("1.4.2");
    Watched w = watch(Terminal.no(), GlobalOptions.Format.TEXT, waiting, waiting, waiting,
        Statuses.released("1.4.2"));

    List<String> lines = w.out.lines().toList();
    assertThat(lines.subList(0, 6)).containsExactly(
        "watching release/payments/1.4.2",
        "server   " + SERVER,
        "web UI   " + WEB_UI,
        "10:16:30  AWAITING_APPROVAL - waiting for approval of gate rest before wave rest (2/2) (approvers: alice, "
            + "bob; not carol); rejects at 2026-03-05 10:15:00 (in 71h58m)",
        "          gate rest waits; approve: ./shepherd approve payments/1.4.2 --gate rest --as alice --address "
            + SERVER,
        "10:16:33  RELEASED - released: every region serves 1.4.2 and the flag is on");
    assertThat(w.out).containsOnlyOnce("approve:").containsOnlyOnce("web UI")
        .contains("\nrelease/payments/1.4.2   payments 1.4.2   started by carol\n")
        .contains("flag     ✓ SSM /payments/flags/new-checkout  ON  not set → true");
    assertThat(w.exitCode).isZero();
  }

  @Test
  void jsonlStreamsOneParsableObjectPerChangeOnOneLineEndingWhereTheReleaseStopped() throws IOException {
    ReleaseStatus waiting = Statuses.awaitingApproval("1.4.2");
    Watched w = watch(Terminal.no(), GlobalOptions.Format.JSONL, waiting, waiting, Statuses.canary("1.4.2"),
        Statuses.rolledBack("1.4.2"));

    List<String> lines = w.out.lines().toList();
    assertThat(lines).as("the repeated status is not a change").hasSize(3);
    List<String> phases = new ArrayList<>();
    for (String line : lines) {
      JsonNode status = new ObjectMapper().readTree(line);
      phases.add(status.path("phase").asText());
    }
    assertThat(phases).containsExactly("AWAITING_APPROVAL", "DEPLOYING", "ROLLED_BACK");
    JsonNode last = new ObjectMapper().readTree(lines.get(2));
    assertThat(last.path("flag").path("state").asText()).isEqualTo("SKIPPED");
    assertThat(last.path("startedAt").asText()).as("instants stay exact").isEqualTo("2026-03-02T10:00:00Z");
    assertThat(w.exitCode).as("rolled back, as watch exits").isEqualTo(1);
  }

  @Test
  void jsonPrintsTheStatusWhereTheReleaseStoppedOnly() throws IOException {
    Watched w = watch(Terminal.no(), GlobalOptions.Format.JSON, Statuses.awaitingApproval("1.4.2"),
        Statuses.released("1.4.2"));

    assertThat(new ObjectMapper().readTree(w.out).path("phase").asText()).isEqualTo(ReleasePhase.RELEASED.name());
    assertThat(w.exitCode).isZero();
  }

  // ------------------------------------------------------------------------------------------------

  /** When the first status is asked for, less a second: 1m30s after the gate opened, 16m30s into the release. */
  private static final Instant START = Statuses.GATE_OPENED.plusSeconds(89);

  /** What the watch writes to. */
  private record Terminal(boolean terminal, Map<String, String> env, String color, Charset charset) {
    /** A terminal; without colour, so that the words can be compared (colour has tests of its own). */
    static Terminal yes() {
      return new Terminal(true, Map.of(), "never", StandardCharsets.UTF_8);
    }

    static Terminal no() {
      return new Terminal(false, Map.of(), "auto", StandardCharsets.UTF_8);
    }
  }

  private record Watched(int exitCode, String out) {
    /** What each redraw showed. */
    List<String> frames() {
      return Arrays.stream(out.split(java.util.regex.Pattern.quote(CLEAR))).filter(f -> !f.isEmpty()).toList();
    }
  }

  private static Watched watch(Terminal t, GlobalOptions.Format format, ReleaseStatus... statuses) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, t.charset());
    Map<String, String> env = new HashMap<>(t.env());
    env.put("SHEPHERD_COMMAND", "./shepherd");
    SteppingClock clock = new SteppingClock(START);
    Context context = new Context(out, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        env, clock, t.terminal());
    Watch.Header header = new Watch.Header(SERVER, WEB_UI, OperatorCommands.of(context, SERVER, "default", null,
        "alice"), false);
    Iterator<ReleaseStatus> next = List.of(statuses).iterator();
    int code = new Watch(context, format, TextStyle.of(context, t.color()), header).follow(() -> {
      clock.tick();
      return next.next();
    }, Duration.ZERO, s -> { });
    return new Watched(code, bytes.toString(t.charset()));
  }

  /** A clock that moves a second on each tick, and never by itself. */
  private static final class SteppingClock extends Clock {
    private Instant now;

    SteppingClock(Instant start) {
      this.now = start;
    }

    void tick() {
      now = now.plusSeconds(1);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
