package dev.shepherd.worker;

/**
 * How to reach Temporal, as the temporal CLI takes it: flags win over the environment
 * ({@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}, {@code TEMPORAL_API_KEY}, TLS variables),
 * which win over the profile in the Temporal config file. Null means "not given here".
 *
 * @param address host:port of the frontend
 * @param namespace the namespace
 * @param apiKey an API key (Temporal Cloud); never printed
 * @param tlsCert a client certificate file (mTLS)
 * @param tlsKey the certificate's key file
 * @param profile the profile in the Temporal config file
 */
public record ConnectionSettings(
    String address, String namespace, String apiKey, String tlsCert, String tlsKey, String profile) {

  public static ConnectionSettings defaults() {
    return new ConnectionSettings(null, null, null, null, null, null);
  }

  public static ConnectionSettings address(String address) {
    return new ConnectionSettings(address, null, null, null, null, null);
  }

  @Override
  public String toString() {
    return "ConnectionSettings[address=" + address + ", namespace=" + namespace + ", apiKey="
        + (apiKey == null ? "none" : "(set)") + ", tlsCert=" + tlsCert + ", profile=" + profile + "]";
  }
}
