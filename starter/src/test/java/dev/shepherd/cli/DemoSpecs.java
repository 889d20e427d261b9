package dev.shepherd.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** The demo's spec (examples/demo.yaml) made faster for tests that run whole releases of it. */
public final class DemoSpecs {

  /** The analysis and hooks sections with their indented lines (and the comment lines just above each). */
  private static final Pattern ANALYSIS = Pattern.compile("(?m)(^#.*\\n)*^(analysis|hooks):\\n(^[ -].*\\n)*");
  /** The hooks section with its indented lines (and the comment lines just above it). */
  private static final Pattern HOOKS = Pattern.compile("(?m)(^#.*\\n)*^hooks:\\n(^[ -].*\\n)*");

  private DemoSpecs() {}

  /** The demo's text as it is. */
  public static String text() {
    try {
      return Files.readString(Path.of("../examples/demo.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The demo with a canary of {@code canary}, bakes of {@code bake} (the flag's too), no canary analysis
   * (which judges whole seconds of simulated traffic, and would hold a sub-second canary inconclusive) and no
   * smoke-test hook (a function that only the simulated cloud has).
   */
  public static String fast(String canary, String bake) {
    String text = text();
    String without = ANALYSIS.matcher(text).replaceAll("");
    if (without.equals(text) || without.contains("analysis:") || without.contains("hooks:")
        || !text.contains("duration: 4s")) {
      throw new IllegalStateException("examples/demo.yaml changed shape: update DemoSpecs");
    }
    return without.replace("duration: 4s", "duration: " + canary).replace("bake: 5s", "bake: " + bake)
        .replace("bake: 3s", "bake: " + bake);
  }

  /**
   * The demo with a canary of {@code canary} and bakes of {@code bake}, its canary analysis kept (the test
   * provides the metrics) and no smoke-test hook.
   */
  public static String fastWithAnalysis(String canary, String bake) {
    String text = text();
    String without = HOOKS.matcher(text).replaceAll("");
    if (without.equals(text) || without.contains("hooks:") || !without.contains("analysis:")) {
      throw new IllegalStateException("examples/demo.yaml changed shape: update DemoSpecs");
    }
    return without.replace("duration: 4s", "duration: " + canary).replace("bake: 5s", "bake: " + bake)
        .replace("bake: 3s", "bake: " + bake);
  }
}
