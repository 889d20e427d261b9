package dev.shepherd.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h/--help} for a subcommand. Not picocli's standard help mixin: that one also brings {@code -V/--version},
 * which {@code start} needs for the version to release (and picocli then leaves out the whole mixin, {@code -h}
 * too); the program's version is {@code shepherd --version}, on the top command only.
 */
final class HelpOption {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help, with examples, and exit.")
  boolean help;
}
