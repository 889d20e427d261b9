package dev.shepherd.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Links into the Temporal Web UI. */
final class WebUi {

  private WebUi() {}

  /**
   * The page of a workflow. SHEPHERD_UI_URL names the UI's base; otherwise Temporal Cloud's UI for Cloud
   * addresses, and port 8233 of the server's host (the dev server's UI) for the rest.
   */
  static String workflowLink(Map<String, String> env, String address, String namespace, String workflowId) {
    String base = env.get("SHEPHERD_UI_URL");
    if (base == null || base.isBlank()) {
      String host = address.contains(":") ? address.substring(0, address.lastIndexOf(':')) : address;
      if (host.endsWith(".tmprl.cloud")) {
        base = "https://cloud.temporal.io";
      } else {
        base = "http://" + (host.equals("localhost") ? "127.0.0.1" : host) + ":8233";
      }
    }
    return base.replaceAll("/+$", "") + "/namespaces/" + enc(namespace) + "/workflows/" + enc(workflowId);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
