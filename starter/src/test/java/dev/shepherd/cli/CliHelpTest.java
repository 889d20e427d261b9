package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Help, examples, suggestions for typos, shell completion and the version line, as a person sees them. */
class CliHelpTest {

  @TempDir
  Path dir;

  static Stream<String> commands() {
    return tree().getSubcommands().keySet().stream();
  }

  @ParameterizedTest(name = "{0} --help")
  @MethodSource("commands")
  void everyCommandsHelpExitsZeroOnStdoutWithItsExamples(String command) {
    var r = Cli.run(command, "--help");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("Usage: shepherd " + command + " ").contains("\nExamples:\n");
    List<String> examples = Examples.BY_COMMAND.get(command);
    assertThat(examples).as("examples of " + command).isNotEmpty();
    for (String example : examples) {
      assertThat(r.out()).as("printed on one line").contains("\n  " + example + "\n");
    }
    assertThat(Cli.run(command, "-h").out()).isEqualTo(r.out());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void aCommandLineGetsATreeOfOnlyItsCommandWhoseHelpReadsAsInTheWholeTree(String command) {
    PrintStream discard = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    CommandLine alone = ShepherdCommand.commandLine(new Context(discard, discard, Map.of()), command);

    if (command.equals("help") || command.equals("completion")) {
      assertThat(alone.getSubcommands()).as("they read the whole tree").hasSameSizeAs(tree().getSubcommands());
    } else {
      assertThat(alone.getSubcommands()).containsOnlyKeys(command);
    }
    assertThat(alone.getSubcommands().get(command).getUsageMessage(CommandLine.Help.Ansi.OFF))
        .isEqualTo(tree().getSubcommands().get(command).getUsageMessage(CommandLine.Help.Ansi.OFF));
  }

  @Test
  void everyExampleIsValidUsageOfTheCommandItIsShownFor() {
    assertThat(Examples.BY_COMMAND.keySet()).as("examples only for commands that exist")
        .containsExactlyInAnyOrderElementsOf(Stream.concat(Stream.of(""), commands()).toList());
    Examples.BY_COMMAND.forEach((command, examples) -> {
      for (String example : examples) {
        if (example.startsWith("#")) {
          continue;
        }
        List<String> args = shellWords(example);
        assertThat(args.getFirst()).as(example).isEqualTo("shepherd");
        CommandLine cli = tree();
        assertThatCode(() -> {
          var parsed = cli.parseArgs(args.subList(1, args.size()).toArray(String[]::new));
          if (!command.isEmpty()) {
            assertThat(parsed.subcommand().commandSpec().name()).as(example).isEqualTo(command);
          }
        }).as(example).doesNotThrowAnyException();
      }
    });
  }

  @Test
  void startHasHelpAlthoughItsOwnVersionOptionIsTheVersionToRelease() {
    var r = Cli.run("start", "--help");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("--version=V").contains("the version to release")
        .contains("shepherd start -f release.yaml --version 1.4.2 --wait");
    assertThat(Cli.run("list", "--help").out()).as("-V is shepherd's own, not every command's")
        .doesNotContain("-V");
  }

  @Test
  void helpStatusShowsTheHelpOfStatus() {
    var r = Cli.run("help", "status");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo(Cli.run("status", "--help").out())
        .contains("shepherd status payments/1.4.2");
    var unknown = Cli.run("help", "stauts");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown subcommand 'stauts'");
  }

  @Test
  void bareShepherdPrintsTheOverviewAndExitsZero() {
    var r = Cli.run();
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo(Cli.run("--help").out()).startsWith("Usage: shepherd [-hV] [COMMAND]")
        .contains("Commands:", "Exit codes:", "Examples:", "shepherd start -f release.yaml --version 1.4.2 --wait");
    commands().forEach(command -> assertThat(r.out()).contains("\n  " + command + " "));
  }

  @Test
  void aMistypedCommandSuggestsTheClosestOnStderrAndExitsTwo() {
    var r = Cli.run("stauts", "payments/1.4.2");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("'stauts'").containsPattern("Did you mean: .*shepherd status")
        .contains("Try 'shepherd --help' for usage.");
  }

  @Test
  void aMistypedOptionSuggestsTheOptionOnStderrAndExitsTwoWithoutConnecting() {
    var r = Cli.run("status", "payments/1.4.2", "--adress", "127.0.0.1:1");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("Unknown option", "'--adress'").contains("Possible solutions: --address")
        .contains("Try 'shepherd status --help' for usage.").doesNotContain("cannot reach");
  }

  @Test
  void theBashCompletionScriptIsValidBashAndCompletesCommandsAndOptions() throws Exception {
    var r = Cli.run("completion", "bash");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    Path script = Files.writeString(dir.resolve("shepherd.bash"), r.out());
    assertThat(bash("bash", "-n", script.toString()).exitCode()).as("bash -n accepts it").isZero();
    assertThat(bashCompletions(script, "shepherd", "st")).containsExactly("start", "status");
    assertThat(bashCompletions(script, "shepherd", "status", "--au")).containsExactly("--audit");
    assertThat(bashCompletions(script, "shepherd", "completion", "")).containsExactly("bash", "zsh", "fish");
    assertThat(bashCompletions(script, "shepherd", "worker", "--sim")).as("hidden options stay hidden").isEmpty();
  }

  @Test
  void zshGetsTheSameScriptWhichLoadsBashcompinitItself() {
    var zsh = Cli.run("completion", "zsh");
    assertThat(zsh.exitCode()).isZero();
    assertThat(zsh.out()).isEqualTo(Cli.run("completion", "bash").out()).contains("bashcompinit");
  }

  @Test
  void theFishCompletionScriptNamesCommandsOptionsAndSpecFiles() {
    var r = Cli.run("completion", "fish");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("complete -c shepherd -n '__fish_use_subcommand' -a 'status' -d 'Show a release: phase,")
        .contains("complete -c shepherd -n '__fish_seen_subcommand_from plan' -s 'f' -l 'file' -r -F")
        .contains("complete -c shepherd -n '__fish_seen_subcommand_from help' -a 'status'")
        .contains("-l 'api-key' -r -d 'API key, e.g. for Temporal Cloud (env TEMPORAL_API_KEY)'")
        .doesNotContain("sim-latency");
  }

  @Test
  void fishAcceptsTheScriptAndCompletesCommandsFromIt() throws Exception {
    // .ci/run installs fish (Debian's package) for this test.
    assertThat(onPath("fish")).as("fish on the PATH (apt-get install fish)").isPresent();
    var r = Cli.run("completion", "fish");
    Path script = Files.writeString(dir.resolve("shepherd.fish"), r.out());
    assertThat(bash("fish", "--no-execute", script.toString()).exitCode()).isZero();
    var completed = bash("fish", "-c", "source " + script + "; complete -C 'shepherd st'");
    assertThat(completed.out()).contains("start\t", "status\t").doesNotContain("plan");
  }

  @Test
  void anUnknownShellExitsTwoNamingTheShellsThereAre() {
    var r = Cli.run("completion", "tcsh");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("\"tcsh\"").contains("bash, zsh, fish");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void versionShowsTheVersionAndTheCommitItWasBuiltFrom() throws Exception {
    var r = Cli.run("--version");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    Matcher line = Pattern.compile("shepherd (\\d+\\.\\d+\\.\\d+\\S*), commit ([0-9a-f]{7,}|unknown)( with uncommitted changes)?\n")
        .matcher(r.out());
    assertThat(line.matches()).as(r.out()).isTrue();
    Optional<String> head = gitHead();
    if (head.isPresent()) {
      assertThat(head.get()).as("the commit these classes were built from").startsWith(line.group(2));
    }
    assertThat(Cli.run("-V").out()).isEqualTo(r.out());
  }

  @Test
  void aBuildWithoutGitSaysTheCommitIsUnknownAndAChangedTreeSaysSo() {
    assertThat(ShepherdVersion.describe(build("0.1.0", ""))).isEqualTo("shepherd 0.1.0, commit unknown");
    assertThat(ShepherdVersion.describe(build("0.1.0", "${git.commit}"))).isEqualTo("shepherd 0.1.0, commit unknown");
    assertThat(ShepherdVersion.describe(build("0.1.0", "d9f6ced"))).isEqualTo("shepherd 0.1.0, commit d9f6ced");
    assertThat(ShepherdVersion.describe(build("0.1.0", "d9f6ced-dirty")))
        .isEqualTo("shepherd 0.1.0, commit d9f6ced with uncommitted changes");
    assertThat(ShepherdVersion.describe(new Properties())).isEqualTo("shepherd (version unknown), commit unknown");
  }

  private static Properties build(String version, String commit) {
    Properties p = new Properties();
    p.setProperty("version", version);
    p.setProperty("commit", commit);
    return p;
  }

  private static CommandLine tree() {
    PrintStream discard = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return ShepherdCommand.commandLine(new Context(discard, discard, Map.of()));
  }

  /** The words of a command line as a shell splits them, up to a redirection or a second command. */
  private static List<String> shellWords(String line) {
    String command = line.startsWith("source <(") ? line.substring("source <(".length(), line.lastIndexOf(')')) : line;
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(command);
    while (m.find()) {
      String word = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      if (m.group(3) != null && (word.equals(">") || word.equals("&&") || word.equals("|"))) {
        break;
      }
      words.add(word);
    }
    return words;
  }

  /** What bash offers for the last word, through the function the script registers with {@code complete}. */
  private List<String> bashCompletions(Path script, String... words) throws Exception {
    StringBuilder array = new StringBuilder();
    for (String w : words) {
      array.append(" '").append(w).append('\'');
    }
    String line = String.join(" ", words);
    var r = bash("bash", "-c", "source '" + script + "'; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1)
        + "; COMP_LINE='" + line + "'; COMP_POINT=" + line.length()
        + "; _complete_shepherd; printf '%s\\n' \"${COMPREPLY[@]}\"");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out().lines().filter(s -> !s.isEmpty()).toList();
  }

  /** Runs a program (a shell, git) to its end; its output goes through files, so neither stream can block it. */
  private Cli.Result bash(String... command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    return new Cli.Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static Optional<Path> onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
  }

  /** HEAD of the checkout the tests run in, when git is installed and this is a checkout. */
  private Optional<String> gitHead() throws InterruptedException {
    if (onPath("git").isEmpty()) {
      return Optional.empty();
    }
    try {
      var r = bash("git", "rev-parse", "HEAD");
      return r.exitCode() == 0 ? Optional.of(r.out().strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
