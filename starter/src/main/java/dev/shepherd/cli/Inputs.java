package dev.shepherd.cli;

import dev.shepherd.release.operator.OperatorInput;

/**
 * Bounds on what operators type that ends up in a release's history and audit log: checked before
 * anything is sent, each refusal exit 2 naming the option.
 */
final class Inputs {

  /** The longest principal name ({@code --as}, {@code --initiator}). */
  static final int MAX_NAME = OperatorInput.MAX_NAME;
  /** The longest reason or comment ({@code -m}). */
  static final int MAX_TEXT = OperatorInput.MAX_TEXT;

  private static final String NAME_RULE = "a name is 1-" + MAX_NAME + " letters, digits, '.', '@', '_', '+' or '-'";

  private Inputs() {}

  /**
   * A principal's name, as given by {@code option} (or taken from the OS user when {@code fromOs}).
   *
   * @throws CliException (exit 2) naming the option when it is not a name
   */
  static String principal(String option, String name, boolean fromOs) {
    String source = fromOs ? option + ": the OS user " : option + ": ";
    String hint = fromOs ? "; give " + option + " NAME" : "";
    if (name == null || name.isEmpty()) {
      throw CliException.usage(option + ": is empty; " + NAME_RULE);
    }
    if (name.length() > MAX_NAME) {
      throw CliException.usage(source + "is " + name.length() + " characters long; " + NAME_RULE + hint);
    }
    int bad = OperatorInput.firstNonNameCharacter(name);
    if (bad >= 0) {
      throw CliException.usage(source + "\"" + printable(name) + "\" contains " + describe(name.charAt(bad))
          + "; " + NAME_RULE + hint);
    }
    return name;
  }

  /**
   * A reason or comment: at most {@link #MAX_TEXT} characters on one line, no control characters.
   *
   * @return the text, or null when none was given
   * @throws CliException (exit 2) naming the option otherwise
   */
  static String text(String option, String text) {
    if (text == null) {
      return null;
    }
    if (text.length() > MAX_TEXT) {
      throw CliException.usage(option + ": is " + text.length() + " characters long; at most " + MAX_TEXT);
    }
    int i = OperatorInput.firstControlCharacter(text);
    if (i >= 0) {
      throw CliException.usage(option + ": contains " + describe(text.charAt(i)) + " at character " + (i + 1)
          + "; write one line of plain text");
    }
    return text;
  }

  private static String describe(char c) {
    return switch (c) {
      case '\n' -> "a line break (\\n)";
      case '\r' -> "a carriage return (\\r)";
      case '\t' -> "a tab (\\t)";
      case ' ' -> "a space";
      default -> Character.isISOControl(c) ? String.format("a control character (U+%04X)", (int) c) : "'" + c + "'";
    };
  }

  /** The text with control characters shown as escapes, so that an error message stays one line. */
  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }
}
