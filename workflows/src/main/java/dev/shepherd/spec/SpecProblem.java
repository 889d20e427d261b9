package dev.shepherd.spec;

/**
 * One thing wrong with a spec.
 *
 * @param path where, e.g. {@code waves[1].regions[0]}
 * @param message what, e.g. {@code "eu-west-9" is not an AWS region}
 */
public record SpecProblem(String path, String message) {

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
