package dev.shepherd.cli;

import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.SpecProblem;
import dev.shepherd.spec.SpecReader;
import dev.shepherd.worker.SpecFiles;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -f FILE} option: a spec, read and validated, or exit 2 with every problem. */
final class SpecOption {

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "the release spec (YAML or JSON)")
  Path file;

  ReleaseSpec load(Context context) {
    SpecReader.Result result = SpecFiles.load(file);
    if (!result.ok()) {
      context.err().println("shepherd: " + file + " is not a valid release spec (" + result.problems().size()
          + (result.problems().size() == 1 ? " problem" : " problems") + "):");
      for (SpecProblem p : result.problems()) {
        context.err().println("  " + p);
      }
      throw new CliException(ExitCodes.USAGE, "nothing was started");
    }
    return result.spec();
  }
}
