package dev.shepherd.cli;

import java.util.ArrayList;
import java.util.List;

/** The lines of a status, each cut to the style's width unless it holds a command to copy. */
final class StatusLines {

  private final TextStyle style;
  private final List<String> lines = new ArrayList<>();

  StatusLines(TextStyle style) {
    this.style = style;
  }

  void add(String line) {
    lines.add(style.fit(line.stripTrailing()));
  }

  /** A line that is never cut: it holds a command, an address or a link. */
  void whole(String line) {
    lines.add(line);
  }

  /** A line whose first {@code columns} (a command) are never cut; what follows may be. */
  void keeping(String line, int columns) {
    lines.add(style.fit(line.stripTrailing(), columns));
  }

  String text() {
    return String.join("\n", lines).stripTrailing();
  }
}
