package dev.shepherd.cli;

import java.io.PrintStream;
import java.util.Map;

/** The {@code shepherd} command. Only {@link #main} exits the process. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, System.getenv(), args));
  }

  /** Runs the command line and returns its exit code (see {@link ExitCodes}). */
  public static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
    return ShepherdCommand.commandLine(new Context(out, err, env)).execute(args);
  }
}
