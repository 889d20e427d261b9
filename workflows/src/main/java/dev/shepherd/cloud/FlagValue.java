package dev.shepherd.cloud;

/**
 * A flag's value, or its absence.
 *
 * @param exists whether the flag exists
 * @param value its value when it exists
 */
public record FlagValue(boolean exists, String value) {

  public static FlagValue absent() {
    return new FlagValue(false, null);
  }

  public static FlagValue of(String value) {
    return new FlagValue(true, value);
  }

  @Override
  public String toString() {
    return exists ? "\"" + value + "\"" : "(absent)";
  }
}
