package dev.shepherd.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Posts notifications to Slack-compatible incoming webhooks: a JSON body {@code {"text": ...}}, with the
 * notification's id in the {@value #ID_HEADER} header so that a receiver can drop a repeat. Slack answers 429
 * and 503 when it did not process a request, so those are sent again; any other 5xx may have been posted and is
 * not. A webhook's URL is a secret: nothing this class returns or throws holds it.
 */
final class WebhookPoster {

  /** The header with the notification's id. */
  static final String ID_HEADER = "X-Shepherd-Notification-Id";

  private static final ObjectMapper JSON = new ObjectMapper();
  /** How much of an error answer's body the outcome quotes (Slack answers with a short code: no_service). */
  private static final int QUOTED_BODY = 120;

  private final HttpClient http;
  private final Duration requestTimeout;
  private final Duration bound;

  WebhookPoster(NotificationSettings settings) {
    this.http = HttpClient.newBuilder()
        .connectTimeout(settings.webhookConnectTimeout())
        // No h2c upgrade on http:// webhooks; HTTPS still negotiates what the server offers through ALPN.
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.requestTimeout = settings.webhookRequestTimeout();
    // The request timeout runs until the answer's headers; this also bounds reading its body.
    this.bound = settings.webhookConnectTimeout().plus(settings.webhookRequestTimeout()).plusSeconds(1);
  }

  /** Posts once; says what came of it rather than throwing. */
  Delivery post(URI url, NotificationMessage message) {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(url)
          .timeout(requestTimeout)
          .header("Content-Type", "application/json; charset=utf-8")
          .header(ID_HEADER, String.valueOf(message.notification().id()))
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("text", message.webhookText())),
              StandardCharsets.UTF_8))
          .build();
    } catch (IllegalArgumentException | JsonProcessingException e) {
      return Delivery.refused("not sent: the request cannot be made (" + e.getClass().getSimpleName() + ")");
    }
    CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    try {
      return answered(answer.get(bound.toMillis(), TimeUnit.MILLISECONDS), url);
    } catch (TimeoutException e) {
      answer.cancel(true);
      return Delivery.unknown("outcome unknown: no answer within " + seconds(requestTimeout) + "; it may have been"
          + " posted, so it is not sent again");
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      return Delivery.unknown("outcome unknown: interrupted while waiting for the answer; it may have been posted,"
          + " so it is not sent again");
    } catch (ExecutionException e) {
      return failed(e.getCause());
    }
  }

  private static Delivery answered(HttpResponse<String> response, URI url) {
    int status = response.statusCode();
    String said = quote(response.body(), url);
    if (status >= 200 && status < 300) {
      return Delivery.sent("sent (HTTP " + status + ")");
    }
    if (status == 429 || status == 503) {
      return Delivery.notDelivered("not delivered: HTTP " + status + said + " (the webhook did not take it); retrying");
    }
    if (status >= 500) {
      return Delivery.unknown("outcome unknown: HTTP " + status + said + " (the webhook failed while handling it);"
          + " it may have been posted, so it is not sent again");
    }
    String hint = status >= 300 && status < 400 ? " (the webhook's URL redirects: give the worker the URL it"
        + " redirects to)" : status == 404 || status == 410 || status == 403
        ? " (the webhook was removed, its channel archived, or its URL is wrong)" : "";
    return Delivery.refused("refused: HTTP " + status + said + hint);
  }

  private static Delivery failed(Throwable e) {
    if (e instanceof HttpConnectTimeoutException) {
      return Delivery.notDelivered("not delivered: could not connect within the connect timeout; retrying");
    }
    if (e instanceof HttpTimeoutException) {
      return Delivery.unknown("outcome unknown: no answer within the request timeout after it was sent; it may"
          + " have been posted, so it is not sent again");
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return Delivery.notDelivered("not delivered: the webhook's host was not found; retrying");
      }
      if (t instanceof NoRouteToHostException) {
        return Delivery.notDelivered("not delivered: no route to the webhook's host; retrying");
      }
      if (t instanceof SSLHandshakeException) {
        return Delivery.notDelivered("not delivered: the TLS handshake failed (" + t.getClass().getSimpleName()
            + "); retrying");
      }
      if (t instanceof ConnectException) {
        return Delivery.notDelivered("not delivered: the connection was refused; retrying");
      }
    }
    // Exception messages are left out: one may quote the URL.
    return e instanceof IOException
        ? Delivery.unknown("outcome unknown: the connection failed after the request was sent ("
            + e.getClass().getSimpleName() + "); it may have been posted, so it is not sent again")
        : Delivery.unknown("outcome unknown: the request failed (" + e.getClass().getSimpleName() + "); it may have"
            + " been posted, so it is not sent again");
  }

  /**
   * The start of an error answer's body, on one line, in quotes; empty when there is none. Whatever of the URL it
   * might echo is replaced first: the URL, its path, its query and each longer part of them (a token).
   */
  static String quote(String body, URI url) {
    String text = NotificationMessage.oneLine(body);
    if (text.isEmpty()) {
      return "";
    }
    text = text.replace(url.toString(), "<webhook URL>");
    for (String part : new String[] {url.getRawPath(), url.getRawQuery(), url.getRawUserInfo()}) {
      if (part == null || part.length() <= 1) {
        continue;
      }
      text = text.replace(part, "<hidden>");
      for (String piece : part.split("[/&=;]")) {
        if (piece.length() >= 6) {
          text = text.replace(piece, "<hidden>");
        }
      }
    }
    return " \"" + NotificationMessage.cut(text, QUOTED_BODY) + "\"";
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
