package dev.shepherd.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.identity.Statement;
import dev.shepherd.identity.StsRequest;
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
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * The signature itself, which only STS can check. moto checks SigV4 signatures once its IAM authentication is
 * switched on ({@code /moto-api/reset-auth}); that switch is global to a moto server, so this class starts a
 * moto of its own rather than change the one the other tests share, and stops it when done. This proves the
 * worker forwards a request byte for byte as it was signed, and that STS's refusals become refused proofs.
 */
class StsProofsSignatureTest {

  static final Statement STATEMENT = StsProofsTest.statement("approve");
  static final Statement OTHER_STATEMENT = StsProofsTest.statement("reject");

  static Process moto;
  static URI endpoint;
  static StsProofs.TrustedEndpoints trusted;
  static AwsCredentialsProvider alice;

  @BeforeAll
  static void motoCheckingSignatures() throws Exception {
    startMoto();
    try (IamClient iam = IamClient.builder()
        .region(software.amazon.awssdk.regions.Region.AWS_GLOBAL)
        .endpointOverride(endpoint)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .build()) {
      iam.createUser(r -> r.userName("alice"));
      AccessKey key = iam.createAccessKey(r -> r.userName("alice")).accessKey();
      alice = StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }
    // From here on every request must be signed by a key moto knows.
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset-auth"))
          .POST(HttpRequest.BodyPublishers.ofString("0")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("moto reset-auth").isEqualTo(200);
    }
    trusted = StsProofs.TrustedEndpoints.only(endpoint);
  }

  @AfterAll
  static void stopMoto() throws InterruptedException {
    if (moto != null) {
      moto.destroy();
      if (!moto.waitFor(10, TimeUnit.SECONDS)) {
        moto.destroyForcibly();
      }
    }
  }

  @Test
  void aGenuineRequestIsAcceptedByAnStsThatChecksSignatures() {
    StsRequest r = StsProofs.presign(STATEMENT, alice, "us-east-1", endpoint, Clock.systemUTC());

    StsProofs.Caller caller = StsProofs.verify(r, STATEMENT.sha256(), trusted, Clock.systemUTC(),
        Duration.ofMinutes(5));

    assertThat(caller.arn()).isEqualTo("arn:aws:iam::123456789012:user/alice");
  }

  @Test
  void aRequestReboundToAnotherStatementAfterSigningIsRefusedByTheSignatureCheck() {
    // Signed for another statement, then its binding header rewritten to the one the worker expects: every
    // check the worker can make passes, and only the signature gives it away.
    StsRequest signedForOther = StsProofs.presign(OTHER_STATEMENT, alice, "us-east-1", endpoint, Clock.systemUTC());
    Map<String, String> headers = new HashMap<>(signedForOther.headers());
    headers.put(StsRequest.BINDING_HEADER, STATEMENT.sha256());
    StsRequest rebound = new StsRequest(signedForOther.url(), headers, signedForOther.body());

    assertThatThrownBy(() -> StsProofs.verify(rebound, STATEMENT.sha256(), trusted, Clock.systemUTC(),
        Duration.ofMinutes(5)))
        .isExactlyInstanceOf(ProofRefusedException.class)
        .hasMessageContaining("SignatureDoesNotMatch");
  }

  @Test
  void aRequestSignedWithAKeyStsDoesNotKnowIsRefused() {
    AwsCredentialsProvider stranger = StaticCredentialsProvider.create(
        AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    StsRequest r = StsProofs.presign(STATEMENT, stranger, "us-east-1", endpoint, Clock.systemUTC());

    assertThatThrownBy(() -> StsProofs.verify(r, STATEMENT.sha256(), trusted, Clock.systemUTC(),
        Duration.ofMinutes(5)))
        .isExactlyInstanceOf(ProofRefusedException.class)
        .hasMessageContaining("InvalidClientTokenId");
  }

  private static void startMoto() throws IOException {
    Path script = Path.of("..", "scripts", "moto_server.py");
    if (!Files.exists(script)) {
      script = Path.of("scripts", "moto_server.py");
    }
    moto = new ProcessBuilder("python3", script.toString(), "--port", "0").redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(moto.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("port ")) {
        endpoint = URI.create("http://127.0.0.1:" + line.substring(5).trim());
        // Keep draining moto's request log so that it never blocks on a full pipe.
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // discard
            }
          } catch (IOException stopped) {
            // moto stopped
          }
        }, "moto-signatures-log");
        drain.setDaemon(true);
        drain.start();
        return;
      }
    }
    throw new IllegalStateException("moto exited before it listened (is moto[server] installed?)");
  }
}
