package dev.shepherd.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * How the AWS provider reaches AWS. In production everything is default: the regional endpoints and the
 * default credential chain. Tests point {@code endpoint} at an emulator.
 *
 * @param endpoint an endpoint that replaces every service's regional one (e.g. moto), or null
 * @param accessKeyId static credentials to use instead of the default chain, or null
 * @param secretAccessKey the secret for {@code accessKeyId}
 * @param pollInterval how often builds and function updates are polled
 */
public record AwsSettings(URI endpoint, String accessKeyId, String secretAccessKey, Duration pollInterval) {

  /** Read by {@link #fromEnvironment}: an endpoint for every AWS service, e.g. {@code http://127.0.0.1:5000}. */
  public static final String ENDPOINT_VARIABLE = "SHEPHERD_AWS_ENDPOINT";

  /** The real AWS, default credentials. */
  public static AwsSettings defaults() {
    return new AwsSettings(null, null, null, Duration.ofSeconds(10));
  }

  /**
   * Settings from the environment: {@value #ENDPOINT_VARIABLE} overrides the endpoint; credentials come
   * from the default chain (AWS_ACCESS_KEY_ID, profiles, instance roles...).
   */
  public static AwsSettings fromEnvironment(Map<String, String> env) {
    String endpoint = env.get(ENDPOINT_VARIABLE);
    return new AwsSettings(endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.trim()),
        null, null, Duration.ofSeconds(10));
  }

  /** An emulator at {@code endpoint} with its dummy credentials, polled quickly. */
  public static AwsSettings emulator(URI endpoint) {
    return new AwsSettings(endpoint, "testing", "testing", Duration.ofMillis(200));
  }

  @Override
  public String toString() {
    // Never print the secret.
    return "AwsSettings[endpoint=" + (endpoint == null ? "regional" : endpoint)
        + ", credentials=" + (accessKeyId == null ? "default chain" : "static") + ", poll=" + pollInterval + "]";
  }
}
