package dev.shepherd.proof;

import java.io.Serial;
import java.util.List;

/**
 * An allowed-signers file Shepherd will not use, with every problem found in it: each names the file and
 * line, e.g. {@code allowed_signers:3: certificate authorities are not supported}. The message lists them all,
 * one a line, so that one edit can fix them.
 */
public class AllowedSignersException extends IllegalArgumentException {

  @Serial
  private static final long serialVersionUID = 1L;

  /** The problems, each {@code <file>:<line>: <what is wrong>}. */
  private final List<String> problems;

  /**
   * A file refused for its problems.
   *
   * @param problems each {@code <file>:<line>: <what is wrong>}; at least one
   */
  public AllowedSignersException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, each {@code <file>:<line>: <what is wrong>}, in the order of the file. */
  public List<String> problems() {
    return problems;
  }
}
