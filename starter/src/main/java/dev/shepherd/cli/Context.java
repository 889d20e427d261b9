package dev.shepherd.cli;

import java.io.PrintStream;
import java.util.Map;

/** Where a command writes and what environment it sees; tests pass their own. */
record Context(PrintStream out, PrintStream err, Map<String, String> env) {

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
