package dev.shepherd.proof;

import static dev.shepherd.proof.StsCall.send;
import static dev.shepherd.proof.StsRequestChecks.checkBody;
import static dev.shepherd.proof.StsRequestChecks.checkHeaders;
import static dev.shepherd.proof.StsRequestChecks.checkSignature;
import static dev.shepherd.proof.StsRequestChecks.checkUrl;

import dev.shepherd.identity.Statement;
import dev.shepherd.identity.StsRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  static final String BINDING = StsRequest.BINDING_HEADER.toLowerCase(Locale.ROOT);
  static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 "
      + "Credential=([A-Za-z0-9]{1,128})/([0-9]{8})/([a-z0-9-]{1,32})/([a-z0-9-]{1,32})/aws4_request, ?"
      + "SignedHeaders=([a-z0-9;-]{1,1024}), ?Signature=[0-9a-f]{64}");
  private static final String REGION = "[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}";
  private static final Pattern REGION_NAME = Pattern.compile(REGION);
  private static final Pattern AWS_STS_HOST = Pattern.compile("sts\\.amazonaws\\.com"
      + "|sts\\." + REGION + "\\.amazonaws\\.com"
      + "|sts-fips\\." + REGION + "\\.amazonaws\\.com"
      + "|sts\\.cn-[a-z]+-[0-9]{1,2}\\.amazonaws\\.com\\.cn");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final int MAX_REASON = 200;

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

  static boolean isRoot(String rawPath) {
    return rawPath == null || rawPath.isEmpty() || rawPath.equals("/");
  }

  static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : defaultPort(uri.getScheme().toLowerCase(Locale.ROOT));
  }

  static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  /** Host, and port when it is not the scheme's default: what the HTTP client sends as Host, and SigV4 signs. */
  static String authority(URI url) {
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    return url.getPort() == -1 || url.getPort() == defaultPort(scheme) ? url.getHost()
        : url.getHost() + ":" + url.getPort();
  }

  /** Text from the request or from STS, safe to put in a one-line reason. */
  static String oneLine(String text) {
    String line = text.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "…";
  }
}
