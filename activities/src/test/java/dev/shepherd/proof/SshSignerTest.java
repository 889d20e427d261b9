package dev.shepherd.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.identity.Statement;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing on the sender's machine by running ssh-keygen, and what the sender is told when it cannot. */
class SshSignerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final byte[] MESSAGE = "shepherd-statement/1\n".getBytes(StandardCharsets.UTF_8);
  /** No agent and no askpass program from whoever runs the tests. */
  private static final Map<String, String> BARE = Map.of("SSH_AUTH_SOCK", "", "SSH_ASKPASS", "false");

  @TempDir
  Path dir;

  @Test
  void aPrivateKeyFileSignsForTheShepherdNamespace() throws Exception {
    Path key = OpenSsh.keygen(dir, "alice", "-t", "ed25519");

    String signature = SshSigner.sign(MESSAGE, key, TIMEOUT);

    assertThat(signature).startsWith(SshSignatures.BEGIN + "\n").endsWith(SshSignatures.END + "\n");
    assertThat(SshsigBlob.of(signature).namespace()).isEqualTo(Statement.SSH_NAMESPACE);
    assertThat(SshSignatures.verify(MESSAGE, signature, Statement.SSH_NAMESPACE)).isEqualTo(OpenSsh.publicKey(key));
  }

  @Test
  void aPublicKeyWhosePrivateHalfIsInSshAgentSigns() throws Exception {
    Path key = OpenSsh.keygen(dir, "agent-key", "-t", "ed25519");
    Path socket = dir.resolve("agent.sock");
    Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      // The agent prints its socket once it listens on it.
      String said = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
      assertThat(said).startsWith("SSH_AUTH_SOCK=");
      Map<String, String> withAgent = Map.of("SSH_AUTH_SOCK", socket.toString(), "SSH_ASKPASS", "false");
      OpenSsh.Run add = OpenSsh.run(new byte[0], withAgent, "ssh-add", key.toString());
      assertThat(add.exit()).as(add.err()).isZero();
      SshKey expected = OpenSsh.publicKey(key);
      Files.delete(key);

      String signature = new SshSigner("ssh-keygen", withAgent)
          .sign(MESSAGE, Path.of(key + ".pub"), Statement.SSH_NAMESPACE, TIMEOUT);

      assertThat(SshSignatures.verify(MESSAGE, signature, Statement.SSH_NAMESPACE)).isEqualTo(expected);
    } finally {
      agent.destroy();
      agent.waitFor();
    }
  }

  @Test
  void givenAKeyWithAPassphraseAndNoAgent_itSaysToAddTheKeyToSshAgent() throws Exception {
    Path key = OpenSsh.keygenWithPassphrase(dir, "locked", "correct horse battery staple", "-t", "ed25519");

    assertThatThrownBy(() -> new SshSigner("ssh-keygen", BARE).sign(MESSAGE, key, Statement.SSH_NAMESPACE, TIMEOUT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the SSH key " + key + " has a passphrase and ssh-agent does not hold it: run ssh-add " + key
            + ", then sign again");
  }

  @Test
  void givenAPublicKeyWhosePrivateHalfIsNowhere_itSaysToAddItToSshAgent() throws Exception {
    Path key = OpenSsh.keygen(dir, "lost", "-t", "ed25519");
    Files.delete(key);

    assertThatThrownBy(() -> new SshSigner("ssh-keygen", BARE)
        .sign(MESSAGE, Path.of(key + ".pub"), Statement.SSH_NAMESPACE, TIMEOUT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ssh-agent does not hold the private half of " + key + ".pub: run ssh-add " + key
            + ", or give the private key file");
  }

  @Test
  void givenNoFileAtTheKeyPath_itSaysSo() {
    Path missing = dir.resolve("id_missing");

    assertThatThrownBy(() -> SshSigner.sign(MESSAGE, missing, TIMEOUT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("there is no SSH key file at " + missing + ": give a private key, or the .pub");
  }

  @Test
  void givenAFileThatIsNotAKey_itSaysSshKeygenCannotReadIt() throws Exception {
    Path notAKey = Files.writeString(dir.resolve("notes.txt"), "not a key\n");

    assertThatThrownBy(() -> new SshSigner("ssh-keygen", BARE).sign(MESSAGE, notAKey, "shepherd", TIMEOUT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ssh-keygen cannot read an SSH key from " + notAKey);
  }

  @Test
  void givenAKeyShepherdRefuses_itFailsWhenSigningRatherThanAtTheWorker() throws Exception {
    Path weak = OpenSsh.keygen(dir, "weak", "-t", "rsa", "-b", "1024");

    assertThatThrownBy(() -> SshSigner.sign(MESSAGE, weak, TIMEOUT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Shepherd would refuse the signature ssh-keygen made with " + weak
            + ": the RSA key has 1024 bits; Shepherd takes 2048 or more");
  }

  @Test
  void givenNoSshKeygen_itSaysToInstallOpenSsh() throws Exception {
    Path key = OpenSsh.keygen(dir, "alice", "-t", "ed25519");

    assertThatThrownBy(() -> new SshSigner(dir.resolve("no-such-ssh-keygen").toString(), Map.of())
        .sign(MESSAGE, key, "shepherd", TIMEOUT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("install OpenSSH 8.2 or later");
  }

  @Test
  void anSshKeygenThatHangsIsStoppedAtTheTimeout() throws Exception {
    Path key = OpenSsh.keygen(dir, "alice", "-t", "ed25519");
    Path pidFile = dir.resolve("hung.pid");
    Path hanging = Files.writeString(dir.resolve("hanging-ssh-keygen"),
        "#!/bin/sh\necho $$ > '" + pidFile + "'\nexec sleep 30\n");
    Files.setPosixFilePermissions(hanging, PosixFilePermissions.fromString("rwx------"));
    long started = System.nanoTime();

    assertThatThrownBy(() -> new SshSigner(hanging.toString(), Map.of())
        .sign(MESSAGE, key, "shepherd", Duration.ofMillis(300)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ssh-keygen did not sign within 300ms");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("the hung process is stopped").isEmpty();
  }
}
