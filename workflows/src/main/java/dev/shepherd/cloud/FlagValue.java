package dev.shepherd.cloud;

/**
 * A flag's value, or its absence.
 *
 * @param exists whether the flag exists
 * @param value its value when it exists
 * @param revision the provider's revision this value was read from (AppConfig's hosted configuration
 *     version), for people; null otherwise. Restoring does not use it: redeploying that revision would also
 *     revert other flags changed since. It stays because release histories hold it.
 */
public record FlagValue(boolean exists, String value, String revision) {

  public static FlagValue absent() {
    return new FlagValue(false, null, null);
  }

  public static FlagValue of(String value) {
    return new FlagValue(true, value, null);
  }

  /** This value, held by the given provider revision. */
  public FlagValue withRevision(String revision) {
    return new FlagValue(exists, value, revision);
  }

  @Override
  public String toString() {
    return exists ? "\"" + value + "\"" : "(absent)";
  }
}
