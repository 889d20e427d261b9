package dev.shepherd.release.operator;

/**
 * What an operator may write into a release: a principal's name and a one-line comment. The CLI checks
 * these before it sends anything (naming its option); the release checks them again, since any client
 * can send an update or a signal.
 */
public final class OperatorInput {

  /** The longest principal name. */
  public static final int MAX_NAME = 64;
  /** The longest comment or reason. */
  public static final int MAX_TEXT = 1000;

  private OperatorInput() {}

  /** A character a name may hold: ASCII letters and digits, {@code . @ _ + -}. */
  public static boolean isNameCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '.' || c == '@' || c == '_' || c == '+' || c == '-';
  }

  /** The index of the first character a name may not hold, or -1 when there is none. */
  public static int firstNonNameCharacter(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (!isNameCharacter(name.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the first control character (line break, tab, escape...), or -1 when there is none. */
  public static int firstControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
