package dev.shepherd.aws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The moto server the AWS tests talk to: the one named by {@code SHEPHERD_AWS_ENDPOINT} (as .ci/run
 * starts it with scripts/moto.sh), or else one this JVM starts on a free port of 127.0.0.1 and stops
 * when it exits.
 */
public final class Moto {

  private static URI endpoint;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Moto() {}

  public static synchronized URI endpoint() {
    if (endpoint == null) {
      String configured = System.getenv(AwsSettings.ENDPOINT_VARIABLE);
      endpoint = configured != null && !configured.isBlank() ? URI.create(configured.trim()) : start();
    }
    return endpoint;
  }

  /** Uses the moto server at this endpoint (one that another harness started). */
  public static synchronized void use(URI running) {
    endpoint = running;
  }

  /** Settings for the AWS provider against moto. */
  public static AwsSettings settings() {
    return AwsSettings.emulator(endpoint());
  }

  /** Wipes every resource in every region. */
  public static void reset() {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset"))
          .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("moto reset answered " + r.statusCode());
      }
    } catch (IOException e) {
      throw new IllegalStateException("moto at " + endpoint + " does not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A moto server of the caller's own, on a free port of 127.0.0.1: for a test that changes moto's process-wide
   * configuration (such as running Lambda without Docker), which must not reach the server other tests share.
   * Stop it with {@link Own#close()}.
   */
  public static Own startOwn() {
    Process[] process = new Process[1];
    URI uri = start(process);
    return new Own(uri, process[0]);
  }

  /**
   * A moto server started by {@link #startOwn()}.
   *
   * @param endpoint where it listens
   * @param process its process
   */
  public record Own(URI endpoint, Process process) implements AutoCloseable {

    /** Settings for the AWS provider against this server. */
    public AwsSettings settings() {
      return AwsSettings.emulator(endpoint);
    }

    /** Posts a JSON body to one of moto's own endpoints ({@code /moto-api/...}); returns the HTTP status. */
    public int post(String path, String json) {
      try {
        return HTTP.send(HttpRequest.newBuilder(endpoint.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        throw new IllegalStateException("moto at " + endpoint + " does not answer", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      process.destroy();
      try {
        process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static URI start() {
    return start(new Process[1]);
  }

  private static URI start(Process[] started) {
    Path script = Path.of("..", "scripts", "moto_server.py");
    if (!Files.exists(script)) {
      script = Path.of("scripts", "moto_server.py");
    }
    try {
      Process p = new ProcessBuilder("python3", script.toString(), "--port", "0")
          .redirectErrorStream(true).start();
      started[0] = p;
      Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      StringBuilder said = new StringBuilder();
      while ((line = out.readLine()) != null) {
        said.append(line).append('\n');
        if (line.startsWith("port ")) {
          URI uri = URI.create("http://127.0.0.1:" + line.substring(5).trim());
          // Keep draining moto's request log so that it never blocks on a full pipe.
          Thread drain = new Thread(() -> {
            try {
              while (out.readLine() != null) {
                // discard
              }
            } catch (IOException ignored) {
              // moto stopped
            }
          }, "moto-log");
          drain.setDaemon(true);
          drain.start();
          return uri;
        }
      }
      throw new IllegalStateException("moto exited before it listened (is moto[server] installed?):\n" + said);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start moto: " + e.getMessage(), e);
    }
  }
}
