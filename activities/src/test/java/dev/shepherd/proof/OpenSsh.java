package dev.shepherd.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;

/** OpenSSH's own tools, run by the tests: they make the keys and signatures, and judge ours. */
final class OpenSsh {

  /** What a command did. */
  record Run(int exit, String out, String err) {}

  private OpenSsh() {}

  /**
   * Makes a key without a passphrase, {@code dir/name} and {@code dir/name.pub}, commented with the name.
   *
   * @param type e.g. {@code "-t", "ecdsa", "-b", "384"}
   */
  static Path keygen(Path dir, String name, String... type) throws Exception {
    return keygenWithPassphrase(dir, name, "", type);
  }

  /** Makes a key with the passphrase. */
  static Path keygenWithPassphrase(Path dir, String name, String passphrase, String... type) throws Exception {
    Path key = dir.resolve(name);
    List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-N", passphrase, "-C", name, "-f",
        key.toString()));
    command.addAll(List.of(type));
    Run run = run(new byte[0], Map.of(), command.toArray(String[]::new));
    assertThat(run.exit()).as("ssh-keygen: %s", run.err()).isZero();
    return key;
  }

  /** {@code ssh-keygen -Y verify}: does OpenSSH take the signature from the principal, for the namespace? */
  static Run verify(Path allowedSigners, String principal, String namespace, String signature, byte[] message)
      throws Exception {
    Path sig = Files.createTempFile(allowedSigners.getParent(), "sig", ".sig");
    try {
      Files.writeString(sig, signature);
      return run(message, Map.of(), "ssh-keygen", "-Y", "verify", "-f", allowedSigners.toString(), "-I", principal,
          "-n", namespace, "-s", sig.toString());
    } finally {
      Files.delete(sig);
    }
  }

  /** The key's fingerprint as {@code ssh-keygen -l} prints it. */
  static String fingerprint(Path publicKey) throws Exception {
    Run run = run(new byte[0], Map.of(), "ssh-keygen", "-l", "-E", "sha256", "-f", publicKey.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    return run.out().split(" ")[1];
  }

  /** The {@code type base64} fields of a {@code .pub} file. */
  static SshKey publicKey(Path key) throws IOException {
    String[] fields = Files.readString(Path.of(key + ".pub")).strip().split(" ");
    return new SshKey(fields[0], fields[1]);
  }

  /** The private key as BouncyCastle takes it, from an unencrypted OpenSSH private key file. */
  static AsymmetricKeyParameter privateKey(Path key) throws IOException {
    String body = Files.readString(key).replaceAll("-----[A-Z ]+-----", "");
    return OpenSSHPrivateKeyUtil.parsePrivateKeyBlob(Base64.getMimeDecoder().decode(body));
  }

  /** Runs a command with the input on stdin, waiting at most ten seconds. */
  static Run run(byte[] stdin, Map<String, String> environment, String... command) throws Exception {
    Path in = Files.createTempFile("openssh", ".in");
    Path out = Files.createTempFile("openssh", ".out");
    Path err = Files.createTempFile("openssh", ".err");
    try {
      Files.write(in, stdin);
      ProcessBuilder builder = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
          .redirectError(err.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", command) + " did not finish in 10s");
      }
      return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.delete(in);
      Files.delete(out);
      Files.delete(err);
    }
  }
}
