package dev.shepherd.proof;

import static dev.shepherd.proof.StsProofs.AUTHORIZATION;
import static dev.shepherd.proof.StsProofs.BINDING;
import static dev.shepherd.proof.StsProofs.BODY;
import static dev.shepherd.proof.StsProofs.CONTENT_TYPE;
import static dev.shepherd.proof.StsProofs.MAX_FUTURE_SKEW;
import static dev.shepherd.proof.StsProofs.authority;
import static dev.shepherd.proof.StsProofs.defaultPort;
import static dev.shepherd.proof.StsProofs.isRoot;
import static dev.shepherd.proof.StsProofs.oneLine;
import static dev.shepherd.proof.StsProofs.port;

import dev.shepherd.identity.Statement;
import dev.shepherd.proof.StsProofs.TrustedEndpoints;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * What the worker checks of a proof before it sends anything ({@link StsProofs#verify}): where it goes, which
 * headers it carries, what it asks STS, and that its signature binds the expected statement and is fresh. Each
 * check refuses with a {@link ProofRefusedException} that says why.
 */
final class StsRequestChecks {

  /**
   * The headers a proof may carry: host is the HTTP client's to write, the rest are forwarded as they are. The
   * SDK's SigV4 signer adds and signs x-amz-content-sha256 (the body's hash), as it does for its own STS calls.
   */
  private static final Set<String> FORWARDED = Set.of("content-type", "x-amz-date", "x-amz-security-token",
      "x-amz-content-sha256", "authorization", BINDING);
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT)
      .withResolverStyle(ResolverStyle.STRICT);

  private StsRequestChecks() {}

  /** The URL to send to, rebuilt from its checked parts so the HTTP client cannot read it differently. */
  static URI checkUrl(String text, TrustedEndpoints trusted) {
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
  static Map<String, String> checkHeaders(Map<String, String> given, URI url) {
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

  static void checkBody(String body, Map<String, String> headers) {
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

  static void checkSignature(Map<String, String> headers, String expectedSha256, Clock clock,
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
}
