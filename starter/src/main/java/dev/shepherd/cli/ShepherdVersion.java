package dev.shepherd.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * {@code shepherd --version}: the version and the commit the jar was built from, so that a bug report names the
 * exact code. The build writes both into {@code build.properties} (see starter/pom.xml), the commit as git
 * describes it ({@code d9f6ced}, or {@code d9f6ced-dirty} for a tree with changes); a build without git, or a
 * run from an IDE that skipped that step, says "commit unknown".
 */
final class ShepherdVersion implements CommandLine.IVersionProvider {

  static final String RESOURCE = "build.properties";

  /** What git describe --dirty appends. */
  private static final String DIRTY = "-dirty";

  @Override
  public String[] getVersion() {
    return new String[] {describe(load())};
  }

  static String describe(Properties build) {
    String version = known(build.getProperty("version"));
    String commit = known(build.getProperty("commit"));
    String line = "shepherd " + (version == null ? "(version unknown)" : version) + ", commit ";
    if (commit == null) {
      return line + "unknown";
    }
    return commit.endsWith(DIRTY) ? line + commit.substring(0, commit.length() - DIRTY.length())
        + " with uncommitted changes" : line + commit;
  }

  /** A value the build wrote; null for a missing or empty one, or a placeholder nothing replaced. */
  private static String known(String value) {
    return value == null || value.isBlank() || value.contains("${") ? null : value.trim();
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = ShepherdVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
