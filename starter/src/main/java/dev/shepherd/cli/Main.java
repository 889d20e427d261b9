package dev.shepherd.cli;

import java.io.Console;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/** The {@code shepherd} command. Only {@link #main} exits the process. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(new Context(System.out, System.err, System.getenv(), Clock.systemDefaultZone(),
        stdoutIsTerminal()), args));
  }

  /** Runs the command line and returns its exit code (see {@link ExitCodes}). */
  public static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
    return run(new Context(out, err, env), args);
  }

  static int run(Context context, String... args) {
    return ShepherdCommand.commandLine(context, args.length > 0 ? args[0] : null).execute(args);
  }

  /**
   * Whether a person is at a terminal (stdin and stdout both). On JDK 21 {@code System.console()} is null
   * otherwise; since JDK 22 it may not be, and {@code Console.isTerminal()} (not in 21, which the build
   * targets, hence the reflection) tells a terminal from a pipe or a file.
   */
  private static boolean stdoutIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException jdk21) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
