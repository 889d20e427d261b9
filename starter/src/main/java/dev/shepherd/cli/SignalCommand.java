package dev.shepherd.cli;

import picocli.CommandLine.Option;

/**
 * An operator action that the release also takes as a signal (approve, reject, abort), so that {@code
 * --print-signal} can print that signal, with its proof, for the Temporal UI or CLI instead of sending it.
 */
abstract class SignalCommand extends OperatorCommand {

  @Option(names = "--print-signal",
      description = "print the signal's JSON (with its proof) to paste into the Temporal UI, and the temporal command "
          + "that sends it; send nothing")
  boolean printSignal;

  @Override
  boolean printSignal() {
    return printSignal;
  }

  /** The signal that does what this command does. */
  @Override
  abstract String signalName();
}
