package dev.shepherd.cli;

import dev.shepherd.release.status.GateStatus;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.worker.TemporalConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The commands a person copies from the output to act on a release, spelled so that they reach the same
 * server: with {@code --address} and {@code --namespace} when those are not the defaults (the demo's random
 * port), never with an API key or other secret.
 *
 * @param program how the person runs shepherd: {@code SHEPHERD_COMMAND} (the {@code ./shepherd} launcher
 *     sets it to how it was called), else {@code shepherd}
 * @param connection the options that reach the server, e.g. {@code --address 127.0.0.1:40527}
 * @param approver who should approve, when the output knows better than the OS user (the demo: someone
 *     other than the initiator); null to leave {@code --as} out
 */
record OperatorCommands(String program, List<String> connection, String approver) {

  /** What a word may hold and still need no quoting in a POSIX shell. */
  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9._+/:@%=,-]+");

  /** Commands with no connection options: for output that does not know the server. */
  static final OperatorCommands DEFAULT = new OperatorCommands("shepherd", List.of(), null);

  OperatorCommands {
    connection = List.copyOf(connection);
  }

  /** Commands for a release on the server this command is connected to. */
  static OperatorCommands of(Context context, GlobalOptions global, TemporalConnection temporal) {
    return of(context, temporal.address(), temporal.namespace(), global.profile, null);
  }

  static OperatorCommands of(Context context, String address, String namespace, String profile, String approver) {
    List<String> connection = new ArrayList<>();
    if (address != null && !address.equals(TemporalConnection.DEFAULT_ADDRESS)) {
      connection.add("--address");
      connection.add(address);
    }
    if (namespace != null && !namespace.equals("default")) {
      connection.add("--namespace");
      connection.add(namespace);
    }
    if (profile != null) {
      connection.add("--profile");
      connection.add(profile);
    }
    String program = context.env().get("SHEPHERD_COMMAND");
    return new OperatorCommands(program == null || program.isBlank() ? "shepherd" : program, connection, approver);
  }

  /** E.g. {@code shepherd approve payments/1.4.2 --gate rest --address 127.0.0.1:40527 --as alice}. */
  String approve(ReleaseStatus s, GateStatus gate) {
    List<String> words = new ArrayList<>(List.of(program, "approve", releaseRef(s), "--gate", gate.name()));
    if (approver != null) {
      words.add("--as");
      words.add(approver);
    }
    words.addAll(connection);
    return String.join(" ", words.stream().map(OperatorCommands::shellWord).toList());
  }

  /** APP/VERSION, the short form people type; the workflow id when the status lacks either. */
  private static String releaseRef(ReleaseStatus s) {
    return s.application() != null && s.version() != null ? s.application() + "/" + s.version() : s.workflowId();
  }

  /** The word as a POSIX shell reads it back: quoted only when it has to be. */
  static String shellWord(String word) {
    return PLAIN_WORD.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
