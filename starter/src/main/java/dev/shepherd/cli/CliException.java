package dev.shepherd.cli;

/** A failure the CLI reports as one clear line on stderr, with its exit code. */
final class CliException extends RuntimeException {

  final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message);
  }
}
