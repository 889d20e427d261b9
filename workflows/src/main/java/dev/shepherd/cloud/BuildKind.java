package dev.shepherd.cloud;

/** Whether a build produces the release's artifact or tests it. */
public enum BuildKind {
  BUILD,
  TEST
}
