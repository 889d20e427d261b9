package dev.shepherd.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Lambda's {@code Invoke} API ({@code POST /2015-03-31/functions/{name}/invocations}), at
 * the HTTP level, for the answers moto cannot give (moto runs functions only in Docker; without it, it answers
 * from a fixed queue of payloads): function errors, slow functions, throttling and service errors. It speaks the
 * REST-JSON wire format the AWS SDK sends and expects. Each function answers from its queue of {@link Answer}s,
 * the last one again once the queue is down to it; a function it does not hold is {@code
 * ResourceNotFoundException} (404), as Lambda answers.
 */
final class LambdaInvokeStub implements AutoCloseable {

  private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");

  /**
   * One answer of a function.
   *
   * @param status the HTTP status
   * @param errorType the {@code X-Amzn-ErrorType} of an error Lambda answers the invoke with, or null
   * @param functionError the {@code X-Amz-Function-Error} of a function that raised one, or null
   * @param body the response body: the function's payload, or the error's
   * @param delay how long the function takes before it answers
   * @param drop whether the connection is closed instead of answering
   */
  record Answer(int status, String errorType, String functionError, String body, Duration delay, boolean drop) {

    /** The function returns this payload. */
    static Answer payload(String payload) {
      return new Answer(200, null, null, payload, Duration.ZERO, false);
    }

    /** The function returns this payload after a while. */
    static Answer slow(Duration delay, String payload) {
      return new Answer(200, null, null, payload, delay, false);
    }

    /** The function raises an error (Lambda's {@code Unhandled}) with this type and message. */
    static Answer functionError(String errorType, String errorMessage) {
      return new Answer(200, null, "Unhandled", "{\"errorType\":\"" + errorType + "\",\"errorMessage\":\""
          + errorMessage + "\",\"stackTrace\":[]}", Duration.ZERO, false);
    }

    /** Lambda refuses the invoke (the function does not run). */
    static Answer error(int status, String errorType, String message) {
      return new Answer(status, errorType, null, "{\"Type\":\"User\",\"message\":\"" + message + "\"}",
          Duration.ZERO, false);
    }

    /** Lambda throttles the invoke (HTTP 429). */
    static Answer throttled() {
      return error(429, "TooManyRequestsException", "Rate Exceeded.");
    }

    /** The connection is closed once the invoke has arrived, before any answer. */
    static Answer dropped() {
      return new Answer(0, null, null, "", Duration.ZERO, true);
    }
  }

  /**
   * One invoke that arrived.
   *
   * @param function the function name in the path, as sent (name, name:qualifier or ARN)
   * @param invocationType the {@code X-Amz-Invocation-Type} header
   * @param event the request body
   */
  record Invocation(String function, String invocationType, String event) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, Deque<Answer>> functions = new HashMap<>();
  private final List<Invocation> invocations = new ArrayList<>();

  LambdaInvokeStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    // Slow functions must not hold up the others.
    server.setExecutor(threads);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A function that answers with these, in order, repeating the last. */
  synchronized LambdaInvokeStub function(String name, Answer... answers) {
    functions.put(name, new ArrayDeque<>(List.of(answers)));
    return this;
  }

  /** Every invoke so far, oldest first. */
  synchronized List<Invocation> invocations() {
    return List.copyOf(invocations);
  }

  private void handle(HttpExchange x) throws IOException {
    byte[] body = x.getRequestBody().readAllBytes();
    Matcher m = INVOKE.matcher(x.getRequestURI().getPath());
    if (!x.getRequestMethod().equals("POST") || !m.matches()) {
      send(x, new Answer(404, "UnknownOperationException", null, "{\"message\":\"not stubbed\"}", Duration.ZERO, false));
      return;
    }
    String function = m.group(1);
    Answer answer;
    synchronized (this) {
      invocations.add(new Invocation(function, x.getRequestHeaders().getFirst("X-Amz-Invocation-Type"),
          new String(body, StandardCharsets.UTF_8)));
      Deque<Answer> queue = functions.get(function);
      answer = queue == null
          ? Answer.error(404, "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:123456789012"
              + ":function:" + function)
          : queue.size() > 1 ? queue.poll() : queue.peek();
    }
    if (answer.drop()) {
      // Closing an exchange whose headers were not sent closes its connection.
      x.close();
      return;
    }
    try {
      Thread.sleep(answer.delay().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      x.close();
      return;
    }
    send(x, answer);
  }

  private static void send(HttpExchange x, Answer a) {
    try {
      byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/json");
      if (a.errorType() != null) {
        x.getResponseHeaders().add("X-Amzn-ErrorType", a.errorType());
      }
      if (a.functionError() != null) {
        x.getResponseHeaders().add("X-Amz-Function-Error", a.functionError());
      }
      x.getResponseHeaders().add("X-Amz-Executed-Version", "$LATEST");
      x.sendResponseHeaders(a.status(), bytes.length);
      x.getResponseBody().write(bytes);
    } catch (IOException clientGone) {
      // The client gave up waiting (a timeout test).
    } finally {
      x.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
