package dev.shepherd.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Links into the Temporal Web UI. */
final class WebUi {

  /** The Web UI of {@code temporal server start-dev} is on its gRPC port + 1000 (7233 and 8233 by default). */
  private static final int DEV_SERVER_UI_OFFSET = 1000;

  private WebUi() {}

  /**
   * The Web UI the operator named: {@code --ui-url}, else {@code SHEPHERD_UI_URL}; null when neither is given.
   * Temporal's config profiles have no field for it (they hold the address, namespace, API key, TLS and gRPC
   * metadata), so a profile gives only the address that {@link #workflowLink} guesses from.
   *
   * @throws CliException (exit 2, naming where it came from) when it is not an http(s) URL
   */
  static String configured(String option, Map<String, String> env) {
    if (option != null) {
      return checked("--ui-url", option);
    }
    String fromEnv = env.get("SHEPHERD_UI_URL");
    return fromEnv == null || fromEnv.isBlank() ? null : checked("SHEPHERD_UI_URL", fromEnv);
  }

  /**
   * The page of a workflow: under {@code configured} (see {@link #configured}) when given; otherwise Temporal
   * Cloud's UI for Cloud addresses, and the server's host on its port + 1000 (the dev server's UI) for the rest.
   */
  static String workflowLink(String configured, String address, String namespace, String workflowId) {
    String base = configured != null ? configured : guess(address);
    return base.replaceAll("/+$", "") + "/namespaces/" + enc(namespace) + "/workflows/" + enc(workflowId);
  }

  private static String guess(String address) {
    int colon = address.lastIndexOf(':');
    String host = colon > 0 && !address.endsWith("]") ? address.substring(0, colon) : address;
    if (host.endsWith(".tmprl.cloud")) {
      return "https://cloud.temporal.io";
    }
    int uiPort = 8233;
    try {
      int port = Integer.parseInt(address.substring(colon + 1));
      if (colon > 0 && port + DEV_SERVER_UI_OFFSET <= 65535) {
        uiPort = port + DEV_SERVER_UI_OFFSET;
      }
    } catch (NumberFormatException noPort) {
      // the dev server's default
    }
    return "http://" + (host.equals("localhost") ? "127.0.0.1" : host) + ":" + uiPort;
  }

  private static String checked(String where, String url) {
    String u = url.strip();
    try {
      URI uri = new URI(u);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getQuery() == null && uri.getFragment() == null) {
        return u.replaceAll("/+$", "");
      }
    } catch (URISyntaxException invalid) {
      // said below
    }
    throw CliException.usage(where + ": \"" + url + "\" is not the http(s) URL of a Web UI, e.g. "
        + "http://127.0.0.1:8233");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
