package dev.shepherd.cli;

import java.nio.charset.Charset;
import java.util.Map;

/**
 * How text output looks where it goes: colour or not, symbols or their ASCII stand-ins, and the width lines
 * are cut to (0: not cut).
 *
 * @param color whether to colour (ANSI escapes)
 * @param unicode whether the output's charset can encode the symbols ({@code ✓ ✗ ● ◌ ↺ → …})
 * @param width the terminal's width in columns; 0 when the output is not a terminal (a file or a pipe keeps
 *     every line whole, for grep and for people who scroll)
 */
record TextStyle(boolean color, boolean unicode, int width) {

  /** No colour, symbols, lines whole: what tests of the words see. */
  static final TextStyle PLAIN = new TextStyle(false, true, 0);

  /** The width when the output is a terminal and {@code COLUMNS} does not say. */
  static final int DEFAULT_WIDTH = 100;

  private static final String SYMBOLS = "✓✗●◌↺!→…";
  private static final String RESET = "\033[0m";

  /** What a state means to the person reading, which gives its symbol and colour. */
  enum Tone {
    /** Done and well: deployed, approved, released. */
    GOOD("✓", "+", "\033[32m"),
    /** Failed: needs a look. */
    BAD("✗", "x", "\033[31m"),
    /** Under way now. */
    ACTIVE("●", "*", "\033[36m"),
    /** Waits for a person (a gate, a pause) or a time (a window). */
    WAITING("●", "?", "\033[33;1m"),
    /** Not begun, or never touched. */
    IDLE("◌", ".", "\033[2m"),
    /** Put back as it was by the rollback. */
    UNDONE("↺", "<", "\033[33m"),
    /** Changed by someone else; left for a person. */
    ATTENTION("!", "!", "\033[35;1m");

    final String symbol;
    final String ascii;
    final String ansi;

    Tone(String symbol, String ascii, String ansi) {
      this.symbol = symbol;
      this.ascii = ascii;
      this.ansi = ansi;
    }
  }

  /**
   * The style for a command's output. Colour: {@code always}, {@code never}, or {@code auto}: only on a
   * terminal, and not when {@code NO_COLOR} is set and not empty (no-color.org) or {@code TERM} is {@code
   * dumb}. An explicit {@code --color always} wins over {@code NO_COLOR}, as no-color.org asks. The width is
   * {@code COLUMNS} when set, else {@value #DEFAULT_WIDTH}, and only on a terminal.
   */
  static TextStyle of(Context context, String colorOption) {
    boolean color = switch (colorOption == null ? "auto" : colorOption) {
      case "always" -> true;
      case "never" -> false;
      case "auto" -> context.terminal() && !isSet(context.env(), "NO_COLOR")
          && !"dumb".equals(context.env().get("TERM"));
      default -> throw CliException.usage("--color: \"" + colorOption + "\" is not a choice; use auto, always or "
          + "never");
    };
    return new TextStyle(color, canEncode(context.out().charset()), context.terminal() ? columns(context.env()) : 0);
  }

  private static boolean isSet(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isEmpty();
  }

  private static int columns(Map<String, String> env) {
    String columns = env.get("COLUMNS");
    if (columns != null) {
      try {
        int n = Integer.parseInt(columns.trim());
        // Narrower than this, cut lines say nothing; COLUMNS=0 or garbage is not a terminal's width.
        if (n >= 20) {
          return n;
        }
      } catch (NumberFormatException notANumber) {
        // the default below
      }
    }
    return DEFAULT_WIDTH;
  }

  private static boolean canEncode(Charset charset) {
    return charset.newEncoder().canEncode(SYMBOLS);
  }

  String symbol(Tone tone) {
    return unicode ? tone.symbol : tone.ascii;
  }

  /** The text in the tone's colour. */
  String paint(Tone tone, String text) {
    return color ? tone.ansi + text + RESET : text;
  }

  /** The tone's symbol, coloured. */
  String mark(Tone tone) {
    return paint(tone, symbol(tone));
  }

  String bold(String text) {
    return color ? "\033[1m" + text + RESET : text;
  }

  String dim(String text) {
    return color ? "\033[2m" + text + RESET : text;
  }

  String red(String text) {
    return paint(Tone.BAD, text);
  }

  /** From one version or value to the next. */
  String arrow() {
    return unicode ? "→" : "->";
  }

  /** The text padded with spaces to the given visible width (escapes do not count). */
  static String pad(String text, int width) {
    int visible = visibleLength(text);
    return visible >= width ? text : text + " ".repeat(width - visible);
  }

  /**
   * The line cut to the width with an ellipsis, counting only what shows (not colour escapes), and with the
   * colour reset when the cut fell inside a coloured part. Lines already short enough come back as they are.
   */
  String fit(String line) {
    return fit(line, 0);
  }

  /**
   * As {@link #fit(String)}, never cutting into the first {@code whole} columns (a command to copy): on a
   * terminal narrower than that the line stays whole, and wraps.
   */
  String fit(String line, int whole) {
    if (width <= 0 || visibleLength(line) <= width) {
      return line;
    }
    String ellipsis = unicode ? "…" : "...";
    int keep = width - ellipsis.length();
    if (keep < whole) {
      return line;
    }
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < line.length() && shown < keep; ) {
      if (line.charAt(i) == '\033') {
        int end = escapeEnd(line, i);
        out.append(line, i, end);
        i = end;
        continue;
      }
      int cp = line.codePointAt(i);
      out.appendCodePoint(cp);
      i += Character.charCount(cp);
      shown++;
    }
    out.append(ellipsis);
    if (color) {
      out.append(RESET);
    }
    return out.toString();
  }

  /** The columns a line takes: its code points, less colour escapes. */
  static int visibleLength(String line) {
    int n = 0;
    for (int i = 0; i < line.length(); ) {
      if (line.charAt(i) == '\033') {
        i = escapeEnd(line, i);
        continue;
      }
      i += Character.charCount(line.codePointAt(i));
      n++;
    }
    return n;
  }

  /** Where an ANSI CSI sequence ({@code ESC [ ... letter}) starting at {@code start} ends. */
  private static int escapeEnd(String line, int start) {
    int i = start + 1;
    if (i < line.length() && line.charAt(i) == '[') {
      i++;
      while (i < line.length() && !Character.isLetter(line.charAt(i))) {
        i++;
      }
      return Math.min(i + 1, line.length());
    }
    return i;
  }
}
