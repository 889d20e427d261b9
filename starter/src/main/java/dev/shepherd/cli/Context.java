package dev.shepherd.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * Where a command writes, what environment it sees, what time it is and whether its output is a terminal;
 * tests pass their own (a fixed clock makes countdowns exact, {@code terminal} stands in for a real one).
 *
 * @param terminal whether {@code out} is an interactive terminal: the live view redraws, colour is on
 *     (with {@code --color auto}) and lines are cut to the terminal's width
 */
record Context(PrintStream out, PrintStream err, Map<String, String> env, Clock clock, boolean terminal) {

  /** Not a terminal, on the system clock. */
  Context(PrintStream out, PrintStream err, Map<String, String> env) {
    this(out, err, env, Clock.systemDefaultZone(), false);
  }

  /** The operator's name when --as is not given: the OS user. */
  String osUser() {
    String user = env.get("USER");
    if (user == null || user.isBlank()) {
      user = env.get("USERNAME");
    }
    if (user == null || user.isBlank()) {
      user = System.getProperty("user.name");
    }
    return user;
  }
}
