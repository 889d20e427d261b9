package dev.shepherd.worker.reading;

/**
 * One thing wrong with a field of a document, on one line.
 *
 * @param path where, e.g. {@code waves[1].regions[0]}; {@code (document)} for the whole document
 * @param message what, e.g. {@code must be a list (found a mapping)}
 */
public record FieldProblem(String path, String message) {

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
