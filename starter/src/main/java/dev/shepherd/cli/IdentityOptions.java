package dev.shepherd.cli;

import dev.shepherd.identity.Proof;
import dev.shepherd.identity.Statement;
import dev.shepherd.proof.SshSigner;
import dev.shepherd.proof.StsProofs;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * How the CLI proves who sends a message: an SSH signature (as git signs commits), a presigned STS
 * GetCallerIdentity request, or nothing ({@code insecure}: the name as given, which only a worker whose
 * policy allows it takes, marking it UNVERIFIED).
 */
final class IdentityOptions {

  /** How long a signed statement proves anything. */
  static final Duration VALID_FOR = Duration.ofMinutes(5);
  private static final Duration SIGNING_TIMEOUT = Duration.ofSeconds(60);

  @Option(names = "--identity", paramLabel = "ssh|aws|insecure",
      description = "how to prove who you are (env SHEPHERD_IDENTITY; default insecure: the name as given, which a "
          + "worker takes only without a policy or when its policy allows it, marked UNVERIFIED)")
  String method;

  @Option(names = "--ssh-key", paramLabel = "FILE",
      description = "with --identity ssh: the key to sign with, or its .pub with the private key in ssh-agent (env "
          + "SHEPHERD_SSH_KEY; default ~/.ssh/id_ed25519, id_ecdsa or id_rsa)")
  String sshKey;

  @Option(names = "--sts-endpoint", paramLabel = "URL",
      description = "with --identity aws: the STS endpoint to presign for (env SHEPHERD_STS_ENDPOINT; default "
          + "https://sts.REGION.amazonaws.com, REGION from AWS_REGION or us-east-1)")
  String stsEndpoint;

  /** {@code ssh}, {@code aws} or {@code insecure}; exit 2 naming --identity otherwise. */
  String method(Context context) {
    String chosen = method != null ? method : context.env().getOrDefault("SHEPHERD_IDENTITY", Proof.INSECURE);
    if (!List.of(Proof.SSH, Proof.AWS, Proof.INSECURE).contains(chosen)) {
      throw CliException.usage("--identity: \"" + chosen + "\" is not one of ssh, aws, insecure");
    }
    return chosen;
  }

  /** Checks the options before anything is sent (exit 2 naming the option). */
  void check(Context context) {
    if (Proof.SSH.equals(method(context))) {
      key(context);
    }
  }

  /** When the statement stops proving anything. */
  java.time.Instant expiry(Context context) {
    return context.clock().instant().plus(VALID_FOR);
  }

  /** The proof of the statement, or null for {@code insecure}. */
  Proof prove(Context context, Statement statement) {
    return switch (method(context)) {
      case Proof.SSH -> {
        try {
          yield Proof.ssh(statement, SshSigner.sign(statement.text().getBytes(StandardCharsets.UTF_8), key(context),
              SIGNING_TIMEOUT));
        } catch (IllegalStateException | dev.shepherd.proof.ProofRefusedException e) {
          throw CliException.usage("--ssh-key: cannot sign with " + key(context) + ": " + e.getMessage());
        }
      }
      case Proof.AWS -> {
        String region = context.env().getOrDefault("AWS_REGION", context.env().getOrDefault("AWS_DEFAULT_REGION",
            "us-east-1"));
        String endpoint = stsEndpoint != null ? stsEndpoint : context.env().get("SHEPHERD_STS_ENDPOINT");
        URI uri;
        try {
          uri = endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint);
        } catch (IllegalArgumentException e) {
          throw CliException.usage("--sts-endpoint: \"" + endpoint + "\" is not a URL");
        }
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
          yield Proof.aws(statement, StsProofs.presign(statement, credentials, region, uri, Clock.systemUTC()));
        } catch (RuntimeException e) {
          throw CliException.usage("--identity aws: cannot presign with your AWS credentials: " + e.getMessage());
        }
      }
      default -> null;
    };
  }

  private Path key(Context context) {
    String given = sshKey != null ? sshKey : context.env().get("SHEPHERD_SSH_KEY");
    if (given != null && !given.isBlank()) {
      Path key = Path.of(given);
      if (!Files.isReadable(key)) {
        throw CliException.usage("--ssh-key: " + given + " is not a readable file");
      }
      return key;
    }
    String home = context.env().getOrDefault("HOME", System.getProperty("user.home"));
    for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
      Path key = Path.of(home, ".ssh", name);
      if (Files.isReadable(key)) {
        return key;
      }
    }
    throw CliException.usage("--ssh-key: no key given and none of ~/.ssh/id_ed25519, id_ecdsa, id_rsa exists");
  }
}
