package dev.shepherd.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prints a completion script. Bash and zsh get picocli's generated script (it loads zsh's bashcompinit
 * itself); fish, for which picocli has no generator, gets {@link FishCompletion}'s. Needs no server, so it
 * takes none of the connection options.
 */
@Command(name = "completion", description = {
    "Print a completion script for bash, zsh or fish: commands, options, and file names where an option "
        + "takes a file.",
    "Load it in the shell's start-up file, or save it where the shell looks for completions."})
final class CompletionCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  HelpOption help = new HelpOption();

  @Parameters(paramLabel = "SHELL", completionCandidates = Shells.class, description = "bash, zsh or fish")
  String shell;

  @Override
  public Integer call() {
    var root = spec.root().commandLine();
    String name = spec.root().name();
    String script = switch (shell) {
      case "bash", "zsh" -> AutoComplete.bash(name, root);
      case "fish" -> FishCompletion.script(root);
      default -> throw CliException.usage("SHELL: \"" + shell + "\" is not a shell this can complete for; use "
          + String.join(", ", new Shells()));
    };
    PrintWriter out = spec.commandLine().getOut();
    out.print(script);
    out.flush();
    return ExitCodes.OK;
  }

  /** The shells, offered when completing {@code shepherd completion }. */
  static final class Shells extends ArrayList<String> {
    Shells() {
      super(List.of("bash", "zsh", "fish"));
    }
  }
}
