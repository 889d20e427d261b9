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

  @Option(names = "--ui-url", paramLabel = "URL", description = "the Temporal Web UI that links point at (env "
      + "SHEPHERD_UI_URL; default: Temporal Cloud's UI for Cloud addresses, else the server's host on its gRPC port + "
      + "1000, as temporal server start-dev serves it)")
  String uiUrl;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "text or json; watch also jsonl: one JSON object per change (default ${DEFAULT-VALUE})")
  String output;

  @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
      description = "colour text output: auto (on a terminal, unless NO_COLOR is set), always or never "
          + "(default ${DEFAULT-VALUE})")
  String color;

  /** The formats: {@code jsonl} streams, so only commands that follow a release take it. */
  enum Format { TEXT, JSON, JSONL }

  ConnectionSettings connection() {
    return new ConnectionSettings(address, namespace, apiKey, tlsCert, tlsKey, profile);
  }

  boolean json() {
    return format(false) == Format.JSON;
  }

  /** The output format; {@code jsonl} only where {@code streams} (exit 2 naming --output otherwise). */
  Format format(boolean streams) {
    return switch (output) {
      case "json" -> Format.JSON;
      case "text" -> Format.TEXT;
      case "jsonl" -> {
        if (streams) {
          yield Format.JSONL;
        }
        throw CliException.usage("--output: jsonl (one JSON object per change) is for watch; use text or json");
      }
      default -> throw CliException.usage("--output: \"" + output + "\" is not a format; use text or json"
          + (streams ? ", or jsonl" : ""));
    };
  }

  /** How text output looks here (colour, symbols, width); exit 2 naming --color when WHEN is not a choice. */
  TextStyle style(Context context) {
    return TextStyle.of(context, color);
  }
}
