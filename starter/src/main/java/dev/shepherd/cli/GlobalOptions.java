package dev.shepherd.cli;

import dev.shepherd.worker.ConnectionSettings;
import picocli.CommandLine.Option;

/** Connection and output options, as the temporal CLI spells them. */
final class GlobalOptions {

  @Option(names = "--address", paramLabel = "HOST:PORT",
      description = "Temporal frontend (env TEMPORAL_ADDRESS; default 127.0.0.1:7233)")
  String address;

  @Option(names = "--namespace", paramLabel = "NS", description = "Temporal namespace (env TEMPORAL_NAMESPACE; default default)")
  String namespace;

  @Option(names = "--api-key", paramLabel = "KEY", description = "API key, e.g. for Temporal Cloud (env TEMPORAL_API_KEY)")
  String apiKey;

  @Option(names = "--tls-cert", paramLabel = "FILE", description = "client certificate for mTLS")
  String tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "client certificate key for mTLS")
  String tlsKey;

  @Option(names = "--profile", paramLabel = "NAME", description = "profile in the Temporal config file")
  String profile;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "text or json (default ${DEFAULT-VALUE})")
  String output;

  ConnectionSettings connection() {
    return new ConnectionSettings(address, namespace, apiKey, tlsCert, tlsKey, profile);
  }

  boolean json() {
    return switch (output) {
      case "json" -> true;
      case "text" -> false;
      default -> throw CliException.usage("--output: \"" + output + "\" is not a format; use text or json");
    };
  }
}
