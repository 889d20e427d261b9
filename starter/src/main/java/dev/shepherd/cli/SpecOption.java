package dev.shepherd.cli;

import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.SpecProblem;
import dev.shepherd.worker.SpecFiles;
import dev.shepherd.worker.SpecReader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -f FILE} option: a spec, read and validated, or exit 2 with every problem. */
final class SpecOption {

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "the release spec (YAML or JSON)")
  Path file;

  ReleaseSpec load(Context context) {
    SpecReader.Result result = SpecFiles.load(file);
    if (result.problems().size() == 1 && isAboutTheFile(result.problems().get(0))) {
      // The file is not a spec at all (missing, too large, not YAML): one line, FILE[:LINE:COL]: what,
      // the form editors and CI annotations recognise.
      throw CliException.usage(result.problems().get(0).toString());
    }
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

  /** A problem with the file itself names the file (with a position or not), never a field. */
  private boolean isAboutTheFile(SpecProblem problem) {
    String name = file.toString();
    return problem.path().equals(name) || problem.path().startsWith(name + ":");
  }
}
