package dev.shepherd.proof;

import dev.shepherd.identity.Statement;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Signs a message on the sender's machine as git signs commits with an SSH key: by running {@code ssh-keygen
 * -Y sign -f KEY -n shepherd} with the message on its standard input. The key is whatever git's {@code
 * user.signingkey} may be: a private key file, or a public key whose private half ssh-agent holds. The key
 * never passes through Shepherd.
 *
 * <p>ssh-keygen is never let ask for a passphrase on the terminal or standard input (the message is there,
 * and the wait is bounded): a key with a passphrase signs through ssh-agent, or through the user's own
 * {@code SSH_ASKPASS} program if they set one.
 */
public final class SshSigner {

  static final String SSH_KEYGEN = "ssh-keygen";

  private final String program;
  private final Map<String, String> environment;

  /**
   * @param program the ssh-keygen to run
   * @param environment variables to set for it over the inherited ones (tests point it at their own agent)
   */
  SshSigner(String program, Map<String, String> environment) {
    this.program = program;
    this.environment = Map.copyOf(environment);
  }

  /**
   * Signs a message for Shepherd ({@code ssh-keygen -Y sign -n shepherd}).
   *
   * @param message the exact bytes to sign, e.g. a {@link Statement#text()} in UTF-8
   * @param keyFile a private key, or a public key whose private half ssh-agent holds
   * @param timeout how long ssh-keygen may take; it is stopped after that
   * @return the armored {@code -----BEGIN SSH SIGNATURE-----} block, checked to be one Shepherd accepts
   * @throws IllegalStateException saying what to do, when ssh-keygen is missing or too old, the key cannot be
   *     read, it needs a passphrase that ssh-agent does not hold, ssh-keygen does not finish in time, or the
   *     key is of a type Shepherd refuses
   */
  public static String sign(byte[] message, Path keyFile, Duration timeout) {
    return new SshSigner(SSH_KEYGEN, Map.of()).sign(message, keyFile, Statement.SSH_NAMESPACE, timeout);
  }

  /** Signs for any namespace; Shepherd signs for {@link Statement#SSH_NAMESPACE} only. */
  String sign(byte[] message, Path keyFile, String namespace, Duration timeout) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(timeout, "timeout");
    if (!Files.isRegularFile(keyFile)) {
      throw new IllegalStateException("there is no SSH key file at " + keyFile + ": give a private key, or the .pub"
          + " of a key that ssh-agent holds (as git's user.signingkey)");
    }
    ProcessBuilder builder = new ProcessBuilder(program, "-Y", "sign", "-f", keyFile.toString(), "-n", namespace);
    Map<String, String> env = builder.environment();
    // Never a prompt on the terminal or stdin: stdin carries the message, and a hidden prompt would only time out.
    env.put("SSH_ASKPASS_REQUIRE", "force");
    env.putIfAbsent("SSH_ASKPASS", "false");
    env.putAll(environment);

    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + program + " (" + e.getMessage() + "): install OpenSSH 8.2 or"
          + " later, whose ssh-keygen signs messages", e);
    }
    String stdout;
    String stderr;
    ExecutorService io = Executors.newVirtualThreadPerTaskExecutor();
    try {
      io.submit(() -> {
        try (OutputStream stdin = process.getOutputStream()) {
          stdin.write(message);
        } catch (IOException e) {
          // ssh-keygen stopped reading: its exit status and messages say why.
        }
      });
      Future<byte[]> out = io.submit(() -> process.getInputStream().readAllBytes());
      Future<byte[]> err = io.submit(() -> process.getErrorStream().readAllBytes());
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("ssh-keygen did not sign within " + readable(timeout) + ": if the key "
            + keyFile + " needs a passphrase or a touch, add it to ssh-agent (ssh-add) first");
      }
      stdout = new String(out.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
      stderr = new String(err.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while ssh-keygen was signing", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read what ssh-keygen wrote: " + e, e);
    } finally {
      // Stopping ssh-keygen closes its pipes, which ends the threads that write and read them.
      stop(process);
      io.shutdownNow();
    }
    if (process.exitValue() != 0 || !stdout.contains(SshSignatures.BEGIN)) {
      throw new IllegalStateException(failure(keyFile, stderr));
    }
    try {
      SshSignatures.verify(message, stdout, namespace);
    } catch (ProofRefusedException e) {
      throw new IllegalStateException("Shepherd would refuse the signature ssh-keygen made with " + keyFile + ": "
          + e.getMessage(), e);
    }
    return stdout;
  }

  /** What went wrong, from ssh-keygen's messages, and what to do about it. */
  private static String failure(Path keyFile, String stderr) {
    String said = Arrays.stream(stderr.split("\\R"))
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.equals("Signing data on standard input"))
        .collect(Collectors.joining("; "));
    String privateKey = keyFile.toString().endsWith(".pub")
        ? keyFile.toString().substring(0, keyFile.toString().length() - 4)
        : keyFile.toString();
    if (said.contains("passphrase")) {
      return "the SSH key " + privateKey + " has a passphrase and ssh-agent does not hold it: run ssh-add "
          + privateKey + ", then sign again";
    }
    if (said.contains("No private key found")) {
      return "ssh-agent does not hold the private half of " + keyFile + ": run ssh-add " + privateKey
          + ", or give the private key file";
    }
    if (said.contains("UNPROTECTED PRIVATE KEY FILE") || said.contains("bad permissions")) {
      return "ssh-keygen will not use " + privateKey + " because others can read it: chmod 600 " + privateKey;
    }
    if (said.contains("illegal option") || said.contains("unknown option") || said.startsWith("usage:")) {
      return "this ssh-keygen cannot sign messages (" + said + "): install OpenSSH 8.2 or later";
    }
    if (said.contains("Couldn't load") || said.contains("invalid format") || said.contains("No such file")) {
      return "ssh-keygen cannot read an SSH key from " + keyFile + " (" + said + "): give an OpenSSH private key, or"
          + " the .pub of a key that ssh-agent holds";
    }
    return "ssh-keygen could not sign with " + keyFile + (said.isEmpty() ? "" : ": " + said);
  }

  private static String readable(Duration timeout) {
    return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
  }

  /** Stops ssh-keygen, if it still runs, and anything it started (an askpass program): nothing outlives the call. */
  private static void stop(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
