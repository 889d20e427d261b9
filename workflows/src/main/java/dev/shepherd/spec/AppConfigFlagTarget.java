package dev.shepherd.spec;

/**
 * A flag kept in an AppConfig feature-flag configuration profile.
 *
 * @param application the AppConfig application
 * @param environment the AppConfig environment deployed to
 * @param profile the feature-flag configuration profile
 * @param flag the flag's key within the profile
 */
public record AppConfigFlagTarget(String application, String environment, String profile, String flag) {}
