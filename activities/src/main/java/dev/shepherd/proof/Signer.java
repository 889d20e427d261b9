package dev.shepherd.proof;

import java.util.List;

/**
 * The person an allowed-signers line says a key belongs to.
 *
 * @param principal the person: the first principal of the line, the one name Shepherd records
 * @param aliases every principal of the line, the first included, e.g. {@code [alice, alice@example.com]}
 * @param fingerprint the key's fingerprint, {@code SHA256:...} as {@code ssh-keygen -l} shows it
 */
public record Signer(String principal, List<String> aliases, String fingerprint) {

  public Signer {
    aliases = List.copyOf(aliases);
  }
}
