package dev.shepherd.spec;

/**
 * A flag kept in an AppConfig feature-flag configuration profile.
 *
 * @param application the AppConfig application
 * @param environment the AppConfig environment deployed to
 * @param profile the feature-flag configuration profile
 * @param flag the flag's key within the profile
 */
public record AppConfigFlagLocation(String application, String environment, String profile, String flag) {

  /**
   * Whether {@code value} can be a feature flag's {@code enabled} attribute, which AppConfig keeps as a JSON
   * boolean: {@code true} or {@code false} in any case, as YAML itself reads them ({@code True},
   * {@code FALSE}). Anything else ({@code enabled}, {@code yes}, {@code 1}) is refused rather than guessed
   * at: {@link Boolean#parseBoolean} would quietly turn it into {@code false}.
   */
  public static boolean isEnabledValue(String value) {
    return "true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value);
  }
}
