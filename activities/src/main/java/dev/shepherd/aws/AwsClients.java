package dev.shepherd.aws;

import dev.shepherd.spec.Region;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.appconfig.AppConfigClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * AWS clients, one per service and region, created on first use and reused. The SDK does not retry:
 * Temporal retries activities with backoff, visibly in the Web UI. Every call is bounded in time, so
 * that one hung call cannot outlive the short start-to-close timeout of the activity that makes it.
 */
public final class AwsClients implements AutoCloseable {

  /** How long one HTTP attempt of an AWS call may take. */
  public static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
  /** How long an AWS call may take in all (there is one attempt; this also bounds unmarshalling). */
  public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(15);
  /**
   * How long {@link #lambdaInvoke}'s connections wait for an answer: Lambda's longest run (15 minutes) and a
   * minute more. Each invoke is bounded by its own, shorter API-call timeout; this only keeps the HTTP client
   * from giving up first (its default is 30 seconds).
   */
  public static final Duration INVOKE_READ_TIMEOUT = Duration.ofMinutes(16);

  private final AwsSettings settings;
  private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();
  private final SdkHttpClient invokeHttp = UrlConnectionHttpClient.builder().socketTimeout(INVOKE_READ_TIMEOUT).build();
  private final AwsCredentialsProvider credentials;
  private final Map<String, AutoCloseable> clients = new ConcurrentHashMap<>();

  public AwsClients(AwsSettings settings) {
    this.settings = settings;
    this.credentials = settings.accessKeyId() != null
        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()))
        : DefaultCredentialsProvider.builder().build();
  }

  public AwsSettings settings() {
    return settings;
  }

  public LambdaClient lambda(Region region) {
    return client("lambda", region, r -> configure(LambdaClient.builder(), r).build());
  }

  /**
   * Lambda for synchronous invokes ({@code Invoke}, RequestResponse), which wait for the function to end: its
   * connections wait up to {@link #INVOKE_READ_TIMEOUT} for an answer. Set each invoke's API-call timeout
   * ({@code overrideConfiguration}); the client's own is {@link #API_CALL_TIMEOUT}.
   */
  public LambdaClient lambdaInvoke(Region region) {
    return client("lambda-invoke", region, r -> configure(LambdaClient.builder(), r, invokeHttp).build());
  }

  public CloudWatchClient cloudWatch(Region region) {
    return client("cloudwatch", region, r -> configure(CloudWatchClient.builder(), r).build());
  }

  public CodeBuildClient codeBuild(Region region) {
    return client("codebuild", region, r -> configure(CodeBuildClient.builder(), r).build());
  }

  public SsmClient ssm(Region region) {
    return client("ssm", region, r -> configure(SsmClient.builder(), r).build());
  }

  public AppConfigClient appConfig(Region region) {
    return client("appconfig", region, r -> configure(AppConfigClient.builder(), r).build());
  }

  /** SNS, for release notifications: a topic is published to in its own region (the one in its ARN). */
  public SnsClient sns(Region region) {
    return client("sns", region, r -> configure(SnsClient.builder(), r).build());
  }

  /** STS, for the account the worker's credentials are in. */
  public StsClient sts(Region region) {
    return client("sts", region, r -> configure(StsClient.builder(), r).build());
  }

  /** S3 for build artifacts; reaches buckets in any region. */
  public S3Client s3(Region region) {
    return client("s3", region, r -> configure(S3Client.builder(), r)
        .crossRegionAccessEnabled(true)
        .forcePathStyle(settings.endpoint() != null)
        .build());
  }

  @SuppressWarnings("unchecked")
  private <C extends AutoCloseable> C client(String service, Region region, Function<Region, C> create) {
    return (C) clients.computeIfAbsent(service + "|" + region.code(), k -> create.apply(region));
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(B builder, Region region) {
    return configure(builder, region, http);
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(B builder, Region region, SdkHttpClient httpClient) {
    builder.region(software.amazon.awssdk.regions.Region.of(region.code()))
        .credentialsProvider(credentials)
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.doNotRetry())
            .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
            .apiCallTimeout(API_CALL_TIMEOUT)
            .build());
    if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
      sync.httpClient(httpClient);
    }
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return builder;
  }

  @Override
  public void close() {
    for (AutoCloseable c : clients.values()) {
      try {
        c.close();
      } catch (Exception ignored) {
        // Closing is best effort.
      }
    }
    http.close();
    invokeHttp.close();
  }
}
