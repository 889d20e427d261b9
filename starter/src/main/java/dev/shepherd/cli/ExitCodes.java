package dev.shepherd.cli;

/** The CLI's exit codes: a contract scripts depend on. */
final class ExitCodes {
  /** Success, or the release was released. */
  static final int OK = 0;
  /**
   * The release failed, was rolled back, its rollback did not complete ({@code ROLLBACK_FAILED}, which waits
   * for a person) or it was abandoned.
   */
  static final int RELEASE_FAILED = 1;
  /** Bad usage, invalid input, or an action the release refused. */
  static final int USAGE = 2;
  /** Temporal could not be reached. */
  static final int UNREACHABLE = 3;

  private ExitCodes() {}
}
