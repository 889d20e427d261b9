package dev.shepherd.proof;

import static dev.shepherd.proof.StsProofs.TIMEOUT;
import static dev.shepherd.proof.StsProofs.oneLine;

import dev.shepherd.proof.StsProofs.Caller;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Sends a checked proof to STS, once, and reads whom STS says signed it from its XML answer: a refusal is
 * permanent ({@link ProofRefusedException}), while a timeout, throttling or a 5xx is worth retrying ({@link
 * IllegalStateException}).
 */
final class StsCall {

  private static final int MAX_ANSWER_BYTES = 64 * 1024;
  private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "RequestLimitExceeded");

  private StsCall() {}

  static Caller send(URI url, Map<String, String> headers, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .timeout(TIMEOUT);
    headers.forEach(request::header);
    Answer answer;
    // A signed request goes where it was checked to go, once: never after a redirect. (A proxy the JVM is
    // configured with may carry it; over https it only tunnels, and the certificate still names the host.)
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(TIMEOUT)
        .build();
    try {
      answer = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
          .thenApply(StsCall::readAnswer)
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("STS at " + url + " did not answer within " + TIMEOUT, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("STS at " + url + " cannot be reached: " + oneLine(String.valueOf(
          e.getCause())), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for STS at " + url, e);
    } finally {
      client.shutdownNow();
    }
    return read(url, answer.status(), answer.body());
  }

  private record Answer(int status, byte[] body) {}

  /** Reads at most {@value #MAX_ANSWER_BYTES} bytes: STS's answers are small, and a bigger one is not STS's. */
  private static Answer readAnswer(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      return new Answer(response.statusCode(), in.readNBytes(MAX_ANSWER_BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Caller read(URI url, int status, byte[] body) {
    if (status == 200) {
      Element result = parse(body)
          .filter(root -> root.getLocalName().equals("GetCallerIdentityResponse"))
          .map(root -> child(root, "GetCallerIdentityResult"))
          .orElse(null);
      String arn = text(result, "Arn");
      if (arn == null || !arn.startsWith("arn:")) {
        throw new IllegalStateException("STS at " + url + " answered 200 without a caller's ARN");
      }
      return new Caller(arn, text(result, "Account"), text(result, "UserId"));
    }
    // STS writes ErrorResponse/Error; moto, ErrorResponse/Errors/Error.
    Element error = parse(body)
        .map(root -> root.getElementsByTagNameNS("*", "Error").item(0))
        .map(Element.class::cast)
        .orElse(null);
    String code = text(error, "Code");
    String message = text(error, "Message");
    String said = "STS at " + url + " answered " + status + (code == null ? "" : " " + code)
        + (message == null ? "" : ": " + message);
    if (status >= 500 || status == 429 || (code != null && THROTTLING.contains(code))) {
      throw new IllegalStateException(oneLine(said));
    }
    throw new ProofRefusedException(oneLine(said));
  }

  /** The document's root, or empty when the bytes are not XML; DTDs and external entities are refused. */
  private static Optional<Element> parse(byte[] body) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      Document document = builder.parse(new ByteArrayInputStream(body));
      return Optional.of(document.getDocumentElement());
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser cannot be hardened", e);
    } catch (SAXException | IOException e) {
      return Optional.empty();
    }
  }

  private static Element child(Element parent, String localName) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(e.getLocalName())) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String localName) {
    Element e = parent == null ? null : child(parent, localName);
    String text = e == null ? null : e.getTextContent().strip();
    return text == null || text.isEmpty() ? null : text;
  }
}
