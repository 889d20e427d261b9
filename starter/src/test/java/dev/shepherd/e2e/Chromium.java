package dev.shepherd.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven over the DevTools protocol (a WebSocket on 127.0.0.1): navigate, read what a
 * person would see (the page's rendered text), take screenshots.
 */
final class Chromium implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final WebSocket page;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  Chromium(Path profile) throws Exception {
    process = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
        "--window-size=1600,1000", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
        "--user-data-dir=" + profile, "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String browserWs = null;
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String line;
    while (System.nanoTime() < until && (line = err.readLine()) != null) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        browserWs = m.group(1);
        break;
      }
    }
    if (browserWs == null) {
      process.destroyForcibly();
      throw new IllegalStateException("chromium did not start its DevTools endpoint");
    }
    Thread drain = new Thread(() -> {
      try {
        while (err.readLine() != null) {
          // discard
        }
      } catch (IOException ignored) {
        // chromium stopped
      }
    });
    drain.setDaemon(true);
    drain.start();
    URI endpoint = URI.create(browserWs);
    HttpClient http = HttpClient.newHttpClient();
    String targets = http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint.getAuthority() + "/json/list")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    String pageWs = null;
    for (JsonNode t : JSON.readTree(targets)) {
      if ("page".equals(t.path("type").asText())) {
        pageWs = t.path("webSocketDebuggerUrl").asText();
        break;
      }
    }
    if (pageWs == null) {
      throw new IllegalStateException("chromium has no page to drive");
    }
    page = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new Listener()).get(10, TimeUnit.SECONDS);
    send("Page.enable", JSON.createObjectNode());
  }

  /** Opens the URL and waits until the page's text contains {@code expected} (bounded). */
  String open(String url, String expected, Duration timeout) throws Exception {
    ObjectNode params = JSON.createObjectNode().put("url", url);
    send("Page.navigate", params);
    return awaitText(expected, timeout);
  }

  /** The page's rendered text once it contains {@code expected}; fails with what it shows otherwise. */
  String awaitText(String expected, Duration timeout) throws Exception {
    var text = new java.util.concurrent.atomic.AtomicReference<String>("");
    await().atMost(timeout).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      text.set(text());
      assertThat(text.get()).as("the page's text").contains(expected);
    });
    return text.get();
  }

  /** The page's rendered text, with that of its same-origin frames (the UI renders markdown in frames). */
  String text() throws Exception {
    ObjectNode params = JSON.createObjectNode()
        .put("expression", "(() => { if (!document.body) return ''; let t = document.body.innerText;"
            + " for (const f of document.querySelectorAll('iframe')) {"
            + "   try { if (f.contentDocument && f.contentDocument.body) t += '\\n' + f.contentDocument.body.innerText; }"
            + "   catch (e) { } }"
            + " return t; })()")
        .put("returnByValue", true);
    return send("Runtime.evaluate", params).path("result").path("value").asText("");
  }

  /** Runs a script in the page (e.g. a click) and returns its value as text. */
  String evaluate(String script) throws Exception {
    ObjectNode params = JSON.createObjectNode().put("expression", script).put("returnByValue", true)
        .put("awaitPromise", true);
    return send("Runtime.evaluate", params).path("result").path("value").asText("");
  }

  /** Clicks the first link, button or tab whose text is exactly {@code label}. */
  void click(String label) throws Exception {
    String found = evaluate("(() => { const want = " + JSON.writeValueAsString(label) + ";"
        + " const all = [...document.querySelectorAll('a, button, [role=tab], li, span')];"
        + " const el = all.find(e => e.innerText && e.innerText.trim() === want);"
        + " if (!el) return 'missing'; el.click(); return 'clicked'; })()");
    if (!"clicked".equals(found)) {
      throw new AssertionError("nothing to click labelled \"" + label + "\"; the page shows:\n" + text());
    }
  }

  void screenshot(Path file) throws Exception {
    ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
    String data = send("Page.captureScreenshot", params).path("data").asText();
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(data));
  }

  private JsonNode send(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    page.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
    JsonNode reply = answer.get(30, TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IllegalStateException(method + " failed: " + reply.path("error"));
    }
    return reply.path("result");
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(partial.toString());
          if (message.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(message.path("id").asInt());
            if (f != null) {
              f.complete(message);
            }
          }
        } catch (IOException ignored) {
          // not a message for us
        }
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }
  }

  @Override
  public void close() {
    page.abort();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
