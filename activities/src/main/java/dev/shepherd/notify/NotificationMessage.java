package dev.shepherd.notify;

import dev.shepherd.cloud.Notification;
import dev.shepherd.cloud.NotificationKind;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A notification as people read it: its title, its text, and for a waiting gate the command that approves
 * it; with a link to the release in the Temporal Web UI when the worker knows where that is.
 *
 * @param notification what the release sent
 * @param approveCommand for {@link NotificationKind#GATE_WAITING}, the command that approves the gate; null
 *     otherwise
 * @param webUiLink the release's history in the Web UI; null when the worker knows no Web UI
 */
public record NotificationMessage(Notification notification, String approveCommand, String webUiLink) {

  /** SNS takes a subject of fewer than 100 characters. */
  static final int MAX_SUBJECT_LENGTH = 99;

  /** What a word may hold and still need no quoting in a POSIX shell (as the CLI's OperatorCommands). */
  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9._+/:@%=,-]+");

  /** The message of a notification, with the approve command and the link the settings allow. */
  public static NotificationMessage of(Notification n, NotificationSettings settings) {
    String namespace = n.namespace() == null || n.namespace().isBlank() ? settings.namespace() : n.namespace();
    return new NotificationMessage(n, approveCommand(n, namespace, settings), webUiLink(n, namespace, settings));
  }

  /**
   * The command that approves the notification's gate, as the CLI prints it (OperatorCommands): {@code shepherd
   * approve APP/VERSION --gate G}, then {@code --address} when the worker's server is not the CLI's default and
   * {@code --namespace} when the namespace is not {@code default}; each word quoted for a POSIX shell when it
   * has to be. Null for anything but a waiting gate.
   */
  static String approveCommand(Notification n, String namespace, NotificationSettings settings) {
    if (n.kind() != NotificationKind.GATE_WAITING || n.gate() == null) {
      return null;
    }
    String release = n.application() != null && n.version() != null ? n.application() + "/" + n.version()
        : n.workflowId();
    List<String> args = new ArrayList<>(List.of("approve", release, "--gate", n.gate()));
    if (!settings.temporalAddress().equals(NotificationSettings.DEFAULT_ADDRESS)) {
      args.add("--address");
      args.add(settings.temporalAddress());
    }
    if (!namespace.equals(NotificationSettings.DEFAULT_NAMESPACE)) {
      args.add("--namespace");
      args.add(namespace);
    }
    // The program may be several words (e.g. "java -jar shepherd.jar"): it is taken as written.
    return settings.program() + " " + String.join(" ", args.stream().map(NotificationMessage::shellWord).toList());
  }

  /** {@code <web ui>/namespaces/<ns>/workflows/<workflow id>/<run id>/history}, each part URL-encoded. */
  static String webUiLink(Notification n, String namespace, NotificationSettings settings) {
    if (settings.webUi() == null || n.workflowId() == null) {
      return null;
    }
    String base = settings.webUi().toString().replaceAll("/+$", "");
    String link = base + "/namespaces/" + encode(namespace) + "/workflows/" + encode(n.workflowId());
    return n.runId() == null || n.runId().isBlank() ? link : link + "/" + encode(n.runId()) + "/history";
  }

  /**
   * The SNS subject: the title on one line ({@code URGENT: } first when it is urgent), control characters
   * made spaces, and cut to fewer than 100 characters with an ellipsis, never inside a character.
   */
  public String subject() {
    String title = oneLine(notification.title());
    if (title.isEmpty()) {
      title = notification.application() + " " + notification.version() + ": " + notification.kind();
    }
    return cut((notification.urgent() ? "URGENT: " : "") + title, MAX_SUBJECT_LENGTH);
  }

  /** The plain text for SNS (e-mail, SMS, queues): the text, the approve command and the link. */
  public String plainText() {
    StringBuilder b = new StringBuilder();
    if (notification.urgent()) {
      b.append("URGENT: a person must act now.\n\n");
    }
    b.append(nullToEmpty(notification.title()).strip()).append("\n");
    String text = nullToEmpty(notification.text()).strip();
    if (!text.isEmpty()) {
      b.append("\n").append(text).append("\n");
    }
    if (approveCommand != null || webUiLink != null) {
      b.append("\n");
    }
    if (approveCommand != null) {
      b.append("Approve it: ").append(approveCommand).append("\n");
    }
    if (webUiLink != null) {
      b.append("Temporal Web UI: ").append(webUiLink).append("\n");
    }
    b.append("\nRelease ").append(notification.workflowId()).append(", notification ").append(notification.id())
        .append("\n");
    return b.toString();
  }

  /**
   * The text for a Slack-compatible webhook: as {@link #plainText()}, with {@code :rotating_light: URGENT}
   * first when it is urgent and the approve command as code; {@code &}, {@code <} and {@code >} escaped as
   * Slack requires.
   */
  public String webhookText() {
    StringBuilder b = new StringBuilder();
    if (notification.urgent()) {
      b.append(":rotating_light: URGENT: ");
    }
    b.append(slack(oneLine(notification.title()))).append("\n");
    String text = nullToEmpty(notification.text()).strip();
    if (!text.isEmpty()) {
      b.append(slack(text)).append("\n");
    }
    if (approveCommand != null) {
      b.append("Approve it: `").append(slack(approveCommand)).append("`\n");
    }
    if (webUiLink != null) {
      b.append("Temporal Web UI: ").append(webUiLink).append("\n");
    }
    return b.toString().stripTrailing();
  }

  /** The word as a POSIX shell reads it back: quoted only when it has to be. */
  static String shellWord(String word) {
    return PLAIN_WORD.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }

  /** The text on one line: control characters (line breaks, tabs) are spaces, runs of spaces one. */
  static String oneLine(String text) {
    return nullToEmpty(text).replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", " ").replaceAll("\\s+", " ").strip();
  }

  /** At most {@code max} characters (code points), the last an ellipsis when it was cut. */
  static String cut(String text, int max) {
    if (text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    int end = text.offsetByCodePoints(0, max - 1);
    return text.substring(0, end).stripTrailing() + "…";
  }

  private static String slack(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
