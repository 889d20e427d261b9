package dev.shepherd.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An incoming webhook on 127.0.0.1 (a free port) that records every request and answers as scripted: the next
 * answers in order, then 200 {@code ok} as Slack does. {@link #hang()} makes the next request wait for an answer
 * that never comes (until {@link #close()}).
 */
final class WebhookServer implements AutoCloseable {

  /** The secret part of the URL: it must never show in an outcome, a failure or the log. */
  static final String SECRET_PATH = "/services/T0SHEPHERD/B0NOTIFY/s3cr3tT0kenXYZ";

  /** A request as received, and the status it was answered with (0 when it was never answered). */
  record Received(String method, String path, String contentType, String notificationId, String body, int status) {}

  private record Answer(int status, String body, boolean hang) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<Received> received = new ArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  WebhookServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Answer answer;
      synchronized (this) {
        answer = script.isEmpty() ? new Answer(200, "ok", false) : script.poll();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestHeaders().getFirst(WebhookPoster.ID_HEADER), body, answer.hang() ? 0 : answer.status()));
      }
      if (answer.hang()) {
        try {
          closing.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exchange.close();
        return;
      }
      byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        exchange.getResponseBody().write(out);
      }
      exchange.close();
    });
    server.start();
  }

  /** The webhook's URL, with {@link #SECRET_PATH}. */
  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + SECRET_PATH);
  }

  /** The next request is answered with this status and body. */
  synchronized WebhookServer answer(int status, String body) {
    script.add(new Answer(status, body, false));
    return this;
  }

  /** The next request is never answered. */
  synchronized WebhookServer hang() {
    script.add(new Answer(0, "", true));
    return this;
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** The requests answered with a 2xx: the posts the webhook took. */
  synchronized List<Received> accepted() {
    return received.stream().filter(r -> r.status() >= 200 && r.status() < 300).toList();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
