package dev.shepherd.proof;

import dev.shepherd.identity.Statement;
import dev.shepherd.identity.StsRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Proofs of an AWS identity, as Vault's AWS auth method and the EKS authenticator make them: the sender signs
 * an STS {@code GetCallerIdentity} request with their own credentials (SigV4) and hands it over unsent; the
 * worker sends it to STS, and STS answers with the ARN of whoever signed it. The request carries the
 * statement's SHA-256 in the signed header {@value StsRequest#BINDING_HEADER}, so it proves that identity for
 * that statement only, and only for the minutes STS accepts a signature.
 *
 * <p>The worker checks everything it can before it sends anything: that the request goes to an STS endpoint
 * it trusts, asks for nothing but {@code GetCallerIdentity}, is bound to the expected statement by a signed
 * header, is fresh, and carries no header it would not forward. Whether the signature is valid only STS can
 * tell; the worker never sees a secret.
 */
public final class StsProofs {

  /** The only body a proof may carry. */
  public static final String BODY = "Action=GetCallerIdentity&Version=2011-06-15";
  /** The content type of {@link #BODY}, as signed. */
  public static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";
  /** How far ahead of the worker's clock a signing time may be (clocks drift). */
  public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);
  /** The bound on connecting to STS and reading its answer, together. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final String BINDING = StsRequest.BINDING_HEADER.toLowerCase(Locale.ROOT);
  /**
   * The headers a proof may carry: host is the HTTP client's to write, the rest are forwarded as they are. The
   * SDK's SigV4 signer adds and signs x-amz-content-sha256 (the body's hash), as it does for its own STS calls.
   */
  private static final Set<String> FORWARDED = Set.of("content-type", "x-amz-date", "x-amz-security-token",
      "x-amz-content-sha256", "authorization", BINDING);
  private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 "
      + "Credential=([A-Za-z0-9]{1,128})/([0-9]{8})/([a-z0-9-]{1,32})/([a-z0-9-]{1,32})/aws4_request, ?"
      + "SignedHeaders=([a-z0-9;-]{1,1024}), ?Signature=[0-9a-f]{64}");
  private static final String REGION = "[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}";
  private static final Pattern REGION_NAME = Pattern.compile(REGION);
  private static final Pattern AWS_STS_HOST = Pattern.compile("sts\\.amazonaws\\.com"
      + "|sts\\." + REGION + "\\.amazonaws\\.com"
      + "|sts-fips\\." + REGION + "\\.amazonaws\\.com"
      + "|sts\\.cn-[a-z]+-[0-9]{1,2}\\.amazonaws\\.com\\.cn");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT)
      .withResolverStyle(ResolverStyle.STRICT);
  private static final int MAX_ANSWER_BYTES = 64 * 1024;
  private static final int MAX_REASON = 200;
  private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "RequestLimitExceeded");

  private StsProofs() {}

  /**
   * Who STS says signed a proof.
   *
   * @param arn the caller's ARN, exactly as STS returned it, e.g. {@code arn:aws:iam::123456789012:user/alice}
   *     or {@code arn:aws:sts::123456789012:assumed-role/deployer/alice}
   * @param account the caller's account id
   * @param userId the caller's unique id ({@code AIDA...} for a user, {@code AROA...:session} for a role)
   */
  public record Caller(String arn, String account, String userId) {}

  /**
   * The STS endpoints a worker sends proofs to.
   *
   * @param explicit exactly these endpoints (scheme, host and port; path {@code /}); empty for AWS's own STS
   *     endpoints over https on port 443: {@code sts.amazonaws.com}, {@code sts.<region>.amazonaws.com}, {@code
   *     sts-fips.<region>.amazonaws.com} and {@code sts.<region>.amazonaws.com.cn}
   */
  public record TrustedEndpoints(List<URI> explicit) {

    public TrustedEndpoints {
      explicit = List.copyOf(explicit);
      for (URI endpoint : explicit) {
        boolean http = "http".equalsIgnoreCase(endpoint.getScheme()) || "https".equalsIgnoreCase(endpoint.getScheme());
        if (!http || endpoint.getHost() == null || endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null
            || endpoint.getRawFragment() != null || !isRoot(endpoint.getRawPath())) {
          throw new IllegalArgumentException("a trusted STS endpoint is scheme://host[:port] with no path, user or "
              + "query: " + endpoint);
        }
      }
    }

    /** AWS's own STS endpoints, over https on port 443. */
    public static TrustedEndpoints aws() {
      return new TrustedEndpoints(List.of());
    }

    /** These endpoints and no others, e.g. an emulator at {@code http://127.0.0.1:5000}. */
    public static TrustedEndpoints only(URI... endpoints) {
      return new TrustedEndpoints(Arrays.asList(endpoints));
    }

    boolean trusts(URI url) {
      String scheme = url.getScheme().toLowerCase(Locale.ROOT);
      String host = url.getHost().toLowerCase(Locale.ROOT);
      if (explicit.isEmpty()) {
        return scheme.equals("https") && (url.getPort() == -1 || url.getPort() == 443)
            && AWS_STS_HOST.matcher(host).matches();
      }
      return explicit.stream().anyMatch(e -> e.getScheme().equalsIgnoreCase(scheme)
          && e.getHost().equalsIgnoreCase(host) && port(e) == port(url));
    }
  }

  /**
   * Signs a proof of the caller's AWS identity for a statement: an STS {@code GetCallerIdentity} request,
   * signed with SigV4 and not sent, whose signed headers include {@value StsRequest#BINDING_HEADER} carrying
   * {@link Statement#sha256()}.
   *
   * @param credentials the sender's credentials; they sign the request and never leave this machine
   * @param region the region whose STS answers, e.g. {@code eu-west-1}
   * @param endpoint the STS endpoint, or null for {@code https://sts.<region>.amazonaws.com}
   * @param clock the signing time
   * @return the URL, every signed header with {@code Authorization}, and the body
   */
  public static StsRequest presign(Statement statement, AwsCredentialsProvider credentials, String region,
      URI endpoint, Clock clock) {
    if (region == null || !REGION_NAME.matcher(region).matches()) {
      throw new IllegalArgumentException("not an AWS region: " + region);
    }
    URI base = endpoint != null ? endpoint : URI.create("https://sts." + region + ".amazonaws.com");
    URI url = base.resolve("/");
    SdkHttpRequest unsigned = SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(url)
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader(StsRequest.BINDING_HEADER, statement.sha256())
        .build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(credentials.resolveCredentials())
        .request(unsigned)
        .payload(ContentStreamProvider.fromUtf8String(BODY))
        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(HttpSigner.SIGNING_CLOCK, clock));
    Map<String, String> headers = new LinkedHashMap<>();
    signed.request().forEachHeader((name, values) -> headers.put(name, String.join(",", values)));
    headers.putIfAbsent("Host", authority(url));
    String authorization = headers.get("Authorization");
    Matcher m = authorization == null ? null : AUTHORIZATION.matcher(authorization);
    if (m == null || !m.matches() || !List.of(m.group(5).split(";")).contains(BINDING)) {
      throw new IllegalStateException("the SigV4 signer did not sign " + StsRequest.BINDING_HEADER);
    }
    return new StsRequest(url.toString(), headers, BODY);
  }

  /**
   * Verifies a proof: checks that the request is a fresh {@code GetCallerIdentity} for a trusted STS endpoint,
   * bound by a signed header to the expected statement, then sends it to STS and returns whom STS says signed
   * it. Nothing is sent unless every check passes.
   *
   * @param expectedStatementSha256 the SHA-256 of the statement the proof must be for ({@link Statement#sha256()})
   * @param trusted the STS endpoints the request may go to
   * @param clock the worker's clock
   * @param maxAge how long after signing a proof is still accepted (STS itself accepts 15 minutes)
   * @return the caller as STS returned it
   * @throws ProofRefusedException when the request fails a check, or STS refuses it (bad signature, expired
   *     credentials); permanent
   * @throws IllegalStateException when STS cannot be reached, times out, is throttling or answers 5xx; worth
   *     retrying
   */
  public static Caller verify(StsRequest request, String expectedStatementSha256, TrustedEndpoints trusted,
      Clock clock, Duration maxAge) {
    Objects.requireNonNull(trusted, "trusted");
    if (expectedStatementSha256 == null || !SHA256_HEX.matcher(expectedStatementSha256).matches()) {
      throw new IllegalArgumentException("the expected statement hash must be 64 lowercase hex digits");
    }
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be a positive duration");
    }
    if (request == null) {
      throw new ProofRefusedException("the AWS proof has no STS request");
    }
    URI url = checkUrl(request.url(), trusted);
    Map<String, String> headers = checkHeaders(request.headers(), url);
    checkBody(request.body(), headers);
    checkSignature(headers, expectedStatementSha256, clock, maxAge);
    return send(url, headers, request.body());
  }

  /** The URL to send to, rebuilt from its checked parts so the HTTP client cannot read it differently. */
  private static URI checkUrl(String text, TrustedEndpoints trusted) {
    if (text == null) {
      throw new ProofRefusedException("the STS request has no URL");
    }
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw new ProofRefusedException("the STS request's URL is not a URL: " + oneLine(text));
    }
    if (!url.isAbsolute() || url.getHost() == null) {
      throw new ProofRefusedException("the STS request's URL has no host: " + oneLine(text));
    }
    if (url.getRawUserInfo() != null) {
      throw new ProofRefusedException("the STS request's URL carries a user name: " + oneLine(text));
    }
    if (!trusted.trusts(url)) {
      throw new ProofRefusedException("the STS request does not go to a trusted STS endpoint: " + oneLine(text));
    }
    if (!isRoot(url.getRawPath())) {
      throw new ProofRefusedException("the STS request's path is not /: " + oneLine(text));
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new ProofRefusedException("the STS request's URL has a query or fragment: " + oneLine(text));
    }
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    String host = url.getHost().toLowerCase(Locale.ROOT);
    int port = port(url) == defaultPort(scheme) ? -1 : url.getPort();
    try {
      return new URI(scheme, null, host, port, "/", null, null);
    } catch (URISyntaxException e) {
      throw new ProofRefusedException("the STS request's URL is not a URL: " + oneLine(text));
    }
  }

  /** The headers to forward, by lowercase name, without host. */
  private static Map<String, String> checkHeaders(Map<String, String> given, URI url) {
    Map<String, String> headers = new HashMap<>();
    for (Map.Entry<String, String> header : given.entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      String value = header.getValue();
      if (!FORWARDED.contains(name) && !name.equals("host")) {
        throw new ProofRefusedException("the STS request carries a header that is not forwarded: "
            + oneLine(header.getKey()));
      }
      if (value == null || value.chars().anyMatch(Character::isISOControl)) {
        throw new ProofRefusedException("the STS request's " + name + " header is not a single line");
      }
      if (headers.put(name, value.strip()) != null) {
        throw new ProofRefusedException("the STS request carries " + name + " twice");
      }
    }
    String host = headers.remove("host");
    if (host != null && !host.equalsIgnoreCase(authority(url))) {
      throw new ProofRefusedException("the STS request's Host header does not name its URL's host: " + oneLine(host));
    }
    String contentType = headers.get("content-type");
    if (contentType == null || !contentType.replace(" ", "").equalsIgnoreCase(CONTENT_TYPE.replace(" ", ""))) {
      throw new ProofRefusedException("the STS request's content type is not " + CONTENT_TYPE);
    }
    return headers;
  }

  private static void checkBody(String body, Map<String, String> headers) {
    if (body == null || body.length() > BODY.length() + 16) {
      throw new ProofRefusedException("the STS request's body is not " + BODY);
    }
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw new ProofRefusedException("the STS request's body is not " + BODY);
      }
      String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (form.put(name, value) != null) {
        throw new ProofRefusedException("the STS request's body is not " + BODY);
      }
    }
    if (!form.equals(Map.of("Action", "GetCallerIdentity", "Version", "2011-06-15"))) {
      throw new ProofRefusedException("the STS request asks for something other than GetCallerIdentity: "
          + oneLine(body));
    }
    String contentHash = headers.get("x-amz-content-sha256");
    if (contentHash != null && !contentHash.equals(Statement.sha256Hex(body))) {
      throw new ProofRefusedException("the STS request's x-amz-content-sha256 is not the hash of its body");
    }
  }

  private static void checkSignature(Map<String, String> headers, String expectedSha256, Clock clock,
      Duration maxAge) {
    String authorization = headers.get("authorization");
    if (authorization == null) {
      throw new ProofRefusedException("the STS request is not signed (no Authorization header)");
    }
    Matcher m = AUTHORIZATION.matcher(authorization);
    if (!m.matches()) {
      throw new ProofRefusedException("the STS request's Authorization is not AWS4-HMAC-SHA256");
    }
    if (!m.group(4).equals("sts")) {
      throw new ProofRefusedException("the STS request is signed for " + m.group(4) + ", not sts");
    }
    List<String> signed = List.of(m.group(5).split(";"));
    for (String required : List.of("host", "x-amz-date", BINDING)) {
      if (!signed.contains(required)) {
        throw new ProofRefusedException("the STS request's signature does not cover " + required);
      }
    }
    for (String name : signed) {
      if (!name.equals("host") && !headers.containsKey(name)) {
        throw new ProofRefusedException("the STS request signs a header it does not carry: " + name);
      }
    }
    if (!expectedSha256.equals(headers.get(BINDING))) {
      throw new ProofRefusedException("the STS request is bound to another statement");
    }
    Instant signedAt;
    try {
      signedAt = LocalDateTime.parse(headers.get("x-amz-date"), AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new ProofRefusedException("the STS request's X-Amz-Date is not a SigV4 time");
    }
    if (!AMZ_DATE.format(signedAt.atOffset(ZoneOffset.UTC)).startsWith(m.group(2))) {
      throw new ProofRefusedException("the STS request's credential scope is for another day than its X-Amz-Date");
    }
    Instant now = clock.instant();
    if (signedAt.isBefore(now.minus(maxAge))) {
      throw new ProofRefusedException("the STS request was signed at " + signedAt + ", more than " + maxAge
          + " ago");
    }
    if (signedAt.isAfter(now.plus(MAX_FUTURE_SKEW))) {
      throw new ProofRefusedException("the STS request was signed at " + signedAt + ", in the future");
    }
  }

  private static Caller send(URI url, Map<String, String> headers, String body) {
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
          .thenApply(StsProofs::readAnswer)
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

  private static boolean isRoot(String rawPath) {
    return rawPath == null || rawPath.isEmpty() || rawPath.equals("/");
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : defaultPort(uri.getScheme().toLowerCase(Locale.ROOT));
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  /** Host, and port when it is not the scheme's default: what the HTTP client sends as Host, and SigV4 signs. */
  private static String authority(URI url) {
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    return url.getPort() == -1 || url.getPort() == defaultPort(scheme) ? url.getHost()
        : url.getHost() + ":" + url.getPort();
  }

  /** Text from the request or from STS, safe to put in a one-line reason. */
  private static String oneLine(String text) {
    String line = text.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "…";
  }
}
