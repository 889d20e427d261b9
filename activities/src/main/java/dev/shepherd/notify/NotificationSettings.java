package dev.shepherd.notify;

import dev.shepherd.spec.SpecValidator;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the worker knows that a release's notifications need and its spec does not hold: the URL of each
 * webhook (a secret: specs name webhooks, the worker maps the names to URLs), where the Temporal Web UI is,
 * and how a person reaches the worker's Temporal server with the CLI, for the approve command.
 *
 * <p>No URL of a webhook is ever printed: {@link #toString()} names the webhooks only, and every message of
 * {@link #parseWebhook} names the webhook (or says what is wrong with its form) without its URL.
 *
 * @param webhooks the URL of each webhook, by name ({@link SpecValidator#WEBHOOK_NAME}); http or https
 * @param webUi the Temporal Web UI's base URL, e.g. {@code http://localhost:8233}; null for none (no link)
 * @param temporalAddress the Temporal address the worker uses ({@code host:port}); the approve command has
 *     {@code --address} when it is not {@link #DEFAULT_ADDRESS}
 * @param namespace the namespace the worker polls, for a notification that does not name its own
 * @param program how people run the CLI, the first word of the approve command ({@link #PROGRAM})
 * @param webhookConnectTimeout how long connecting to a webhook may take
 * @param webhookRequestTimeout how long a webhook may take to answer once connected
 */
public record NotificationSettings(
    Map<String, URI> webhooks,
    URI webUi,
    String temporalAddress,
    String namespace,
    String program,
    Duration webhookConnectTimeout,
    Duration webhookRequestTimeout) {

  /**
   * The address the CLI uses when it is given none. The CLI's own constant is
   * {@code dev.shepherd.worker.TemporalConnection.DEFAULT_ADDRESS}, in a module this one cannot depend on; the
   * rule is the CLI's ({@code OperatorCommands}: {@code --address} unless the address is exactly this), and the
   * starter's WorkerNotificationOptionsTest checks that the two constants agree.
   */
  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
  /** The namespace the CLI uses when it is given none. */
  public static final String DEFAULT_NAMESPACE = "default";
  /**
   * How a person runs the CLI. The worker's own {@code SHEPHERD_COMMAND} (set by the {@code ./shepherd}
   * launcher) says how the worker was started on its machine, not how the reader of a notification runs it.
   */
  public static final String PROGRAM = "shepherd";
  /** How long connecting to a webhook may take. */
  public static final Duration WEBHOOK_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** How long a webhook may take to answer once connected. */
  public static final Duration WEBHOOK_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  public NotificationSettings {
    TreeMap<String, URI> checked = new TreeMap<>();
    if (webhooks != null) {
      webhooks.forEach((name, url) -> checked.put(checkName(name), checkUrl(name, url)));
    }
    webhooks = Collections.unmodifiableMap(checked);
    if (webUi != null && !isHttp(webUi)) {
      throw new IllegalArgumentException("the Web UI's URL " + webUi + " is not an http(s) URL");
    }
    temporalAddress = temporalAddress == null || temporalAddress.isBlank() ? DEFAULT_ADDRESS : temporalAddress;
    namespace = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace;
    program = program == null || program.isBlank() ? PROGRAM : program;
    webhookConnectTimeout = positive(webhookConnectTimeout, WEBHOOK_CONNECT_TIMEOUT);
    webhookRequestTimeout = positive(webhookRequestTimeout, WEBHOOK_REQUEST_TIMEOUT);
  }

  /** The worker's settings: its webhooks, its Web UI (or null), and the Temporal server it polls. */
  public static NotificationSettings of(Map<String, URI> webhooks, URI webUi, String temporalAddress, String namespace) {
    return new NotificationSettings(webhooks, webUi, temporalAddress, namespace, PROGRAM, WEBHOOK_CONNECT_TIMEOUT,
        WEBHOOK_REQUEST_TIMEOUT);
  }

  /** No webhooks and no Web UI, on the CLI's default server: SNS notifications only, without a link. */
  public static NotificationSettings none() {
    return of(Map.of(), null, DEFAULT_ADDRESS, DEFAULT_NAMESPACE);
  }

  /** These settings with other webhook timeouts (tests make them short). */
  public NotificationSettings withWebhookTimeouts(Duration connect, Duration request) {
    return new NotificationSettings(webhooks, webUi, temporalAddress, namespace, program, connect, request);
  }

  /**
   * Reads one {@code NAME=URL}, as {@code --webhook} and each entry of {@code SHEPHERD_WEBHOOKS} give it.
   *
   * @throws IllegalArgumentException saying what is wrong; the message names the webhook but never holds its
   *     URL, nor, when the text has no {@code =} or its name looks like part of a URL, any of the text
   */
  public static Map.Entry<String, URI> parseWebhook(String text) {
    int eq = text == null ? -1 : text.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("expected NAME=URL (e.g. ops=https://...); the value has no '=' and is"
          + " not shown, as it may be a URL");
    }
    String name = text.substring(0, eq).strip();
    String url = text.substring(eq + 1).strip();
    checkName(name);
    if (url.isEmpty()) {
      throw new IllegalArgumentException("webhook " + name + " has no URL; give " + name + "=URL");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the URL of webhook " + name + " is not a URL (it is not shown: a webhook's"
          + " URL is a secret)");
    }
    return Map.entry(name, checkUrl(name, uri));
  }

  private static String checkName(String name) {
    if (name == null || !SpecValidator.WEBHOOK_NAME.matcher(name).matches()) {
      // The text before '=' may be the start of a URL pasted without a name: show it only when it cannot be.
      boolean showable = name != null && !name.isEmpty() && name.length() <= 64 && name.matches("[^:/?#@\\s]+");
      throw new IllegalArgumentException((showable ? "\"" + name + "\" is not a webhook name"
          : name == null || name.isEmpty() ? "the webhook has no name" : "the text before '=' is not a webhook name"
              + " (it is not shown, as it looks like part of a URL)")
          + ": 1-63 lower-case letters, digits, '-' or '_', starting with a letter or digit, as specs name it"
          + " (notifications.webhook)");
    }
    return name;
  }

  private static URI checkUrl(String name, URI url) {
    if (url == null || !isHttp(url)) {
      throw new IllegalArgumentException("the URL of webhook " + name + " is not an http(s) URL with a host (it is"
          + " not shown: a webhook's URL is a secret)");
    }
    return url;
  }

  private static boolean isHttp(URI url) {
    return ("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
        && url.getHost() != null && !url.getHost().isEmpty();
  }

  private static Duration positive(Duration d, Duration fallback) {
    return d == null || d.isZero() || d.isNegative() ? fallback : d;
  }

  @Override
  public String toString() {
    // The webhooks' URLs are secrets: their names only.
    return "NotificationSettings[webhooks=" + webhooks.keySet() + ", webUi=" + (webUi == null ? "none" : webUi)
        + ", temporalAddress=" + temporalAddress + ", namespace=" + namespace + ", program=" + program
        + ", webhookTimeouts=" + webhookConnectTimeout + "/" + webhookRequestTimeout + "]";
  }
}
