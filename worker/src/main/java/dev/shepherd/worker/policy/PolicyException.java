package dev.shepherd.worker.policy;

import java.nio.file.Path;
import java.util.List;

/**
 * A release policy file that cannot be used. The message lists every problem at once, one a line, each
 * beginning with the field it is about ({@code applications.payments.minBake: ...}) or, for a file that
 * cannot be read or parsed, with the file and the line and column where the parser stopped.
 */
public final class PolicyException extends RuntimeException {

  private final Path source;
  private final List<String> problems;

  /**
   * @param source the policy file
   * @param problems every problem found, in the order of the file; at least one
   */
  public PolicyException(Path source, List<String> problems) {
    super(message(source, problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /** The policy file. */
  public Path source() {
    return source;
  }

  /** Every problem found, each on one line and beginning with its field or file. */
  public List<String> problems() {
    return problems;
  }

  private static String message(Path source, List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a PolicyException needs at least one problem");
    }
    String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    return "release policy " + source + " cannot be used (" + count + "):\n  " + String.join("\n  ", problems);
  }
}
