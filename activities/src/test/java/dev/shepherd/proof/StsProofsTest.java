package dev.shepherd.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.shepherd.aws.Moto;
import dev.shepherd.identity.Statement;
import dev.shepherd.identity.StsRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Proofs of AWS identity, presigned with the SDK's SigV4 signer and verified against moto's STS over HTTP.
 * moto answers GetCallerIdentity with the IAM user (or assumed role) that owns the request's access key, but
 * does not check signatures unless told to (see {@link StsProofsSignatureTest}); here the worker's own checks
 * are what is tested. Every refusal is made before anything is sent: the requests that should be refused are
 * addressed to a local recorder, which must see nothing.
 */
class StsProofsTest {

  static final String ACCOUNT = "123456789012";
  static final Statement STATEMENT = statement("approve");
  static final Statement OTHER_STATEMENT = statement("reject");
  static final Duration MAX_AGE = Duration.ofMinutes(5);

  static IamClient iam;
  static AwsCredentialsProvider alice;
  static AwsCredentialsProvider bob;
  static String aliceUserId;

  Recorder recorder;
  StsRequest valid;
  StsProofs.TrustedEndpoints recorderOnly;

  @BeforeAll
  static void usersWithAccessKeys() {
    Moto.reset();
    iam = MotoIam.client();
    aliceUserId = iam.createUser(r -> r.userName("alice")).user().userId();
    iam.createUser(r -> r.userName("bob"));
    alice = keysOf("alice");
    bob = keysOf("bob");
  }

  @AfterAll
  static void closeIam() {
    iam.close();
  }

  @BeforeEach
  void aValidRequestToTheRecorder() throws IOException {
    recorder = new Recorder();
    recorderOnly = StsProofs.TrustedEndpoints.only(recorder.endpoint());
    valid = StsProofs.presign(STATEMENT, alice, "us-east-1", recorder.endpoint(), Clock.systemUTC());
  }

  @AfterEach
  void stopRecorder() {
    recorder.close();
  }

  // What the client signs.

  @Test
  void aPresignedRequestIsAGetCallerIdentityPostToRegionalStsThatSignsTheStatementsHash() {
    Instant at = Instant.parse("2026-11-26T10:15:30Z");
    StsRequest r = StsProofs.presign(STATEMENT, alice, "eu-west-1", null, Clock.fixed(at, ZoneOffset.UTC));

    assertThat(r.url()).isEqualTo("https://sts.eu-west-1.amazonaws.com/");
    assertThat(r.body()).isEqualTo("Action=GetCallerIdentity&Version=2011-06-15");
    assertThat(header(r, StsRequest.BINDING_HEADER)).isEqualTo(STATEMENT.sha256());
    assertThat(header(r, "Content-Type")).isEqualTo("application/x-www-form-urlencoded; charset=utf-8");
    assertThat(header(r, "Host")).isEqualTo("sts.eu-west-1.amazonaws.com");
    assertThat(header(r, "X-Amz-Date")).isEqualTo("20261126T101530Z");
    assertThat(header(r, "Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=" + alice.resolveCredentials().accessKeyId()
            + "/20261126/eu-west-1/sts/aws4_request, ")
        .contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-shepherd-statement-sha256,");
  }

  @Test
  void aPresignedRequestCarriesNoSecret() {
    StsRequest r = StsProofs.presign(STATEMENT, alice, "eu-west-1", null, Clock.systemUTC());

    assertThat(r.toString()).doesNotContain(alice.resolveCredentials().secretAccessKey());
  }

  // Who STS says signed it.

  @Test
  void aliceProvesHerIamUser() {
    StsRequest r = StsProofs.presign(STATEMENT, alice, "us-east-1", Moto.endpoint(), Clock.systemUTC());

    StsProofs.Caller caller = StsProofs.verify(r, STATEMENT.sha256(), StsProofs.TrustedEndpoints.only(Moto.endpoint()),
        Clock.systemUTC(), MAX_AGE);

    assertThat(caller).isEqualTo(new StsProofs.Caller("arn:aws:iam::" + ACCOUNT + ":user/alice", ACCOUNT,
        aliceUserId));
  }

  @Test
  void bobsKeysProveBobNotAlice() {
    StsRequest r = StsProofs.presign(STATEMENT, bob, "us-east-1", Moto.endpoint(), Clock.systemUTC());

    StsProofs.Caller caller = StsProofs.verify(r, STATEMENT.sha256(), StsProofs.TrustedEndpoints.only(Moto.endpoint()),
        Clock.systemUTC(), MAX_AGE);

    assertThat(caller.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/bob");
  }

  @Test
  void aRoleSessionProvesTheAssumedRoleWithItsSessionTokenSigned() {
    String roleArn = iam.createRole(r -> r.roleName("deployer").assumeRolePolicyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
            + ACCOUNT + ":root\"},\"Action\":\"sts:AssumeRole\"}]}")).role().arn();
    Credentials session;
    try (StsClient sts = StsClient.builder().region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .endpointOverride(Moto.endpoint()).credentialsProvider(alice).httpClient(UrlConnectionHttpClient.create())
        .build()) {
      session = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("alice")).credentials();
    }
    AwsCredentialsProvider deployer = StaticCredentialsProvider.create(AwsSessionCredentials.create(
        session.accessKeyId(), session.secretAccessKey(), session.sessionToken()));

    StsRequest r = StsProofs.presign(STATEMENT, deployer, "us-east-1", Moto.endpoint(), Clock.systemUTC());
    StsProofs.Caller caller = StsProofs.verify(r, STATEMENT.sha256(), StsProofs.TrustedEndpoints.only(Moto.endpoint()),
        Clock.systemUTC(), MAX_AGE);

    assertThat(header(r, "X-Amz-Security-Token")).isEqualTo(session.sessionToken());
    assertThat(header(r, "Authorization")).contains("x-amz-security-token");
    assertThat(caller.arn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/deployer/alice");
  }

  // The worker forwards a valid request as it was signed, once, and says when to retry.

  @Test
  void aValidRequestIsForwardedOnceWithItsSignedHeadersAndBody() {
    recorder.answer(503, "<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>");

    assertThatThrownBy(() -> verify(valid)).isExactlyInstanceOf(IllegalStateException.class);

    assertThat(recorder.requests).singleElement().satisfies(sent -> {
      assertThat(sent.method()).isEqualTo("POST");
      assertThat(sent.path()).isEqualTo("/");
      assertThat(sent.body()).isEqualTo(valid.body());
      for (String name : List.of("Authorization", "X-Amz-Date", "Content-Type", StsRequest.BINDING_HEADER)) {
        assertThat(sent.headers().get(name.toLowerCase())).containsExactly(header(valid, name));
      }
      assertThat(sent.headers().get("host")).containsExactly(header(valid, "Host"));
    });
  }

  @Test
  void stsThrottlingIsWorthRetrying() {
    recorder.answer(400, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender"
        + "</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>1</RequestId>"
        + "</ErrorResponse>");

    assertThatThrownBy(() -> verify(valid)).isExactlyInstanceOf(IllegalStateException.class);
  }

  @Test
  void stsRefusingTheSignatureRefusesTheProofWithStsReason() {
    recorder.answer(403, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender"
        + "</Type><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match"
        + "\nthe signature you provided.</Message></Error><RequestId>1</RequestId></ErrorResponse>");

    assertThatThrownBy(() -> verify(valid)).isExactlyInstanceOf(ProofRefusedException.class)
        .hasMessageContaining("SignatureDoesNotMatch")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void anAnswerWithADoctypeIsNotParsed() {
    recorder.answer(200, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY arn \"arn:aws:iam::1:user/root\">]>"
        + "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>&arn;</Arn></GetCallerIdentityResult>"
        + "</GetCallerIdentityResponse>");

    assertThatThrownBy(() -> verify(valid)).isExactlyInstanceOf(IllegalStateException.class);
  }

  @Test
  void anUnreachableStsIsWorthRetrying() throws IOException {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    StsRequest r = StsProofs.presign(STATEMENT, alice, "us-east-1", closed, Clock.systemUTC());

    assertThatThrownBy(() -> StsProofs.verify(r, STATEMENT.sha256(), StsProofs.TrustedEndpoints.only(closed),
        Clock.systemUTC(), MAX_AGE)).isExactlyInstanceOf(IllegalStateException.class);
  }

  // Refused before anything is sent.

  @Test
  void aRequestToAnEndpointThatIsNotAwsStsIsNotSent() {
    assertRefusedUnsent(valid, StsProofs.TrustedEndpoints.aws());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://sts.amazonaws.com@127.0.0.1:%d/", "http://127.0.0.1:%d/sts.amazonaws.com",
      "http://127.0.0.1:%d/?Action=GetCallerIdentity&Version=2011-06-15", "http://127.0.0.1:%d/?",
      "http://127.0.0.1:%d/#sts", "http://127.0.0.1:%d//", "https://127.0.0.1:%d/", "http://127.0.0.1:%d:80/",
      "http://localhost:%d/"})
  void aUrlThatOnlyLooksLikeTheTrustedEndpointIsNotSent(String url) {
    assertRefusedUnsent(new StsRequest(url.formatted(recorder.port()), valid.headers(), valid.body()), recorderOnly);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://sts.amazonaws.com.evil.example/", "https://evil.example/sts.amazonaws.com",
      "https://sts.amazonaws.com@evil.example/", "https://evil.example@sts.amazonaws.com/",
      "https://sts.amazonaws.com:8443/", "http://sts.amazonaws.com/", "https://sts.amazonaws.com./",
      "https://xsts.amazonaws.com/", "https://sts.us-east-1.amazonaws.com.cn/", "https://sts.evil.amazonaws.com/",
      "https://sts.amazonaws.com/?Action=AssumeRole", "https://sts.amazonaws.com/path", "ftp://sts.amazonaws.com/",
      "//sts.amazonaws.com/", "https://sts.amazonaws.com\\@evil.example/", "https://sts.amazonaws.com%2eevil.example/"})
  void urlTricksOnAwsOwnEndpointsAreRefused(String url) {
    assertRefusedUnsent(new StsRequest(url, valid.headers(), valid.body()), StsProofs.TrustedEndpoints.aws());
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://sts.amazonaws.com/", "https://sts.amazonaws.com", "https://sts.amazonaws.com:443/",
      "https://sts.eu-west-1.amazonaws.com/", "https://STS.us-gov-west-1.amazonaws.com/",
      "https://sts-fips.us-east-1.amazonaws.com/", "https://sts.cn-north-1.amazonaws.com.cn/",
      "https://sts.ap-southeast-2.amazonaws.com/"})
  void awsOwnStsEndpointsAreTrustedByDefault(String url) {
    assertThat(StsProofs.TrustedEndpoints.aws().trusts(URI.create(url))).isTrue();
  }

  @Test
  void aRequestWhoseSignatureDoesNotCoverTheBindingHeaderIsNotSent() {
    SdkHttpRequest unbound = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(recorder.endpoint().resolve("/"))
        .putHeader("Content-Type", StsProofs.CONTENT_TYPE).build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(alice.resolveCredentials()).request(unbound)
        .payload(ContentStreamProvider.fromUtf8String(StsProofs.BODY))
        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    Map<String, String> headers = new HashMap<>();
    signed.request().forEachHeader((name, values) -> headers.put(name, values.getFirst()));
    headers.put(StsRequest.BINDING_HEADER, STATEMENT.sha256());

    assertRefusedUnsent(new StsRequest(valid.url(), headers, StsProofs.BODY), recorderOnly);
  }

  @Test
  void aRequestSignedForAnotherServiceIsNotSent() {
    SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(recorder.endpoint().resolve("/"))
        .putHeader("Content-Type", StsProofs.CONTENT_TYPE).putHeader(StsRequest.BINDING_HEADER, STATEMENT.sha256())
        .build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(alice.resolveCredentials()).request(unsigned)
        .payload(ContentStreamProvider.fromUtf8String(StsProofs.BODY))
        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "iam")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    Map<String, String> headers = new HashMap<>();
    signed.request().forEachHeader((name, values) -> headers.put(name, values.getFirst()));

    assertRefusedUnsent(new StsRequest(valid.url(), headers, StsProofs.BODY), recorderOnly);
  }

  @Test
  void aRequestBoundToAnotherStatementIsNotSent() {
    StsRequest other = StsProofs.presign(OTHER_STATEMENT, alice, "us-east-1", recorder.endpoint(), Clock.systemUTC());

    assertRefusedUnsent(other, recorderOnly);
  }

  @Test
  void aRequestWithoutAuthorizationIsNotSent() {
    assertRefusedUnsent(withHeaders(valid, h -> h.remove("Authorization")), recorderOnly);
  }

  @Test
  void aRequestWithoutTheBindingHeaderIsNotSent() {
    assertRefusedUnsent(withHeaders(valid, h -> h.remove(StsRequest.BINDING_HEADER)), recorderOnly);
  }

  @Test
  void aRequestWithAnotherAuthorizationSchemeIsNotSent() {
    assertRefusedUnsent(withHeaders(valid, h -> h.put("Authorization", "Bearer abc")), recorderOnly);
  }

  @Test
  void aRequestWhoseHostHeaderNamesAnotherHostIsNotSent() {
    assertRefusedUnsent(withHeaders(valid, h -> h.put("Host", "sts.amazonaws.com")), recorderOnly);
  }

  @Test
  void aRequestCarryingAHeaderTwiceIsNotSent() {
    assertRefusedUnsent(withHeaders(valid, h -> h.put("x-shepherd-statement-sha256", OTHER_STATEMENT.sha256())),
        recorderOnly);
  }

  @Test
  void aRequestSignedLongerAgoThanTheMaximumAgeIsNotSent() {
    Clock twentyMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));
    StsRequest old = StsProofs.presign(STATEMENT, alice, "us-east-1", recorder.endpoint(), twentyMinutesAgo);

    assertRefusedUnsent(old, recorderOnly);
  }

  @Test
  void aRequestSignedMoreThanFiveMinutesAheadIsNotSent() {
    Clock tenMinutesAhead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
    StsRequest ahead = StsProofs.presign(STATEMENT, alice, "us-east-1", recorder.endpoint(), tenMinutesAhead);

    assertRefusedUnsent(ahead, recorderOnly);
  }

  @Test
  void aRequestSignedAFewMinutesAgoIsSent() {
    Clock threeMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-3));
    StsRequest recent = StsProofs.presign(STATEMENT, alice, "us-east-1", recorder.endpoint(), threeMinutesAgo);
    recorder.answer(503, "");

    assertThatThrownBy(() -> verify(recent)).isExactlyInstanceOf(IllegalStateException.class);
    assertThat(recorder.requests).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-Amz-Target", "X-Forwarded-For", "Cookie", "Expect", "Connection", "Transfer-Encoding",
      "Content-Length", "User-Agent", "X-Amz-Expires"})
  void aRequestWithAHeaderTheWorkerWouldNotForwardIsNotSent(String name) {
    assertRefusedUnsent(withHeaders(valid, h -> h.put(name, "1")), recorderOnly);
  }

  @Test
  void aHeaderValueSpanningLinesIsNotSent() {
    assertRefusedUnsent(withHeaders(valid, h -> h.put("Content-Type",
        StsProofs.CONTENT_TYPE + "\r\nX-Amz-Target: AWSSecurityTokenServiceV20110615.AssumeRole")), recorderOnly);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::123456789012:role/admin"
      + "&RoleSessionName=x", "Action=GetCallerIdentity&Version=2011-06-15&Action=AssumeRole",
      "Action=GetCallerIdentity&Version=2011-06-15&RoleArn=x", "Action=GetCallerIdentity",
      "Action=GetCallerIdentity&Version=2011-06-15&", "", "{\"Action\":\"GetCallerIdentity\"}"})
  void aRequestForAnythingButGetCallerIdentityIsNotSent(String body) {
    assertRefusedUnsent(new StsRequest(valid.url(), valid.headers(), body), recorderOnly);
  }

  @Test
  void aRequestWhosePayloadHashIsNotTheBodysIsNotSent() {
    assertRefusedUnsent(withHeaders(valid, h -> h.put("x-amz-content-sha256",
        Statement.sha256Hex("Action=AssumeRole&Version=2011-06-15"))), recorderOnly);
  }

  @Test
  void aRequestWithoutAContentTypeIsNotSent() {
    assertRefusedUnsent(withHeaders(valid, h -> h.remove("Content-Type")), recorderOnly);
  }

  // Helpers.

  StsProofs.Caller verify(StsRequest r) {
    return StsProofs.verify(r, STATEMENT.sha256(), recorderOnly, Clock.systemUTC(), MAX_AGE);
  }

  void assertRefusedUnsent(StsRequest r, StsProofs.TrustedEndpoints trusted) {
    assertThatThrownBy(() -> StsProofs.verify(r, STATEMENT.sha256(), trusted, Clock.systemUTC(), MAX_AGE))
        .isExactlyInstanceOf(ProofRefusedException.class)
        .satisfies(e -> assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r"));
    assertThat(recorder.requests).as("requests that reached the recorder").isEmpty();
  }

  static StsRequest withHeaders(StsRequest r, Consumer<Map<String, String>> change) {
    Map<String, String> headers = new HashMap<>(r.headers());
    change.accept(headers);
    return new StsRequest(r.url(), headers, r.body());
  }

  static String header(StsRequest r, String name) {
    return r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
        .findFirst().orElse(null);
  }

  static Statement statement(String action) {
    return new Statement("default", "release/payments/1.4.2", "run-1", action, "canary",
        "sha256:" + "ab".repeat(32), Statement.NONE, "alice", "looks good", "nonce-1",
        Instant.parse("2030-01-01T00:00:00Z"));
  }

  static AwsCredentialsProvider keysOf(String user) {
    return MotoIam.keysOf(iam, user);
  }

  /** One request as it reached the recorder. */
  record Sent(String method, String path, Map<String, List<String>> headers, String body) {}

  /** A local HTTP server that records every request and answers as it is told. */
  static final class Recorder implements AutoCloseable {
    final List<Sent> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile int status = 500;
    private volatile String answer = "";

    Recorder() throws IOException {
      server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", exchange -> {
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
        requests.add(new Sent(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers,
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
      });
      server.start();
    }

    void answer(int status, String body) {
      this.status = status;
      this.answer = body;
    }

    int port() {
      return server.getAddress().getPort();
    }

    URI endpoint() {
      return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
