package dev.shepherd.aws;

import java.util.List;

import dev.shepherd.spec.Region;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.codebuild.model.ArtifactsType;
import software.amazon.awssdk.services.codebuild.model.ComputeType;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.SourceType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Real resources in moto for the AWS tests, created through the same SDK: functions with an alias on
 * version 1, alarms, CodeBuild projects and artifacts. Each instance starts from an empty moto.
 */
public final class AwsFixtures implements AutoCloseable {

  public static final String FUNCTION = "payments-api";
  public static final String ALIAS = "live";
  public static final String BUCKET = "payments-artifacts";

  public final AwsClients aws;
  private String roleArn;

  public AwsFixtures() {
    Moto.reset();
    aws = new AwsClients(Moto.settings());
  }

  /** The function {@value #FUNCTION}, whose alias {@value #ALIAS} points at its published version 1. */
  public AwsFixtures function(Region region) {
    return function(region, FUNCTION);
  }

  /** A function of this name (a smoke-test hook's, say), whose alias {@value #ALIAS} points at its published version 1. */
  public AwsFixtures function(Region region, String name) {
    aws.lambda(region).createFunction(r -> r.functionName(name).runtime(Runtime.PYTHON3_12)
        .handler("index.handler").role(role())
        .code(c -> c.zipFile(SdkBytes.fromByteArray(zip("version one")))));
    String v1 = aws.lambda(region).publishVersion(r -> r.functionName(name)).version();
    aws.lambda(region).createAlias(r -> r.functionName(name).name(ALIAS).functionVersion(v1));
    return this;
  }

  /**
   * Lambda's per-version metrics of {@value #FUNCTION}:{@value #ALIAS} in a region, one datapoint a second from
   * {@code from} for {@code seconds}: {@code perSecond} invocations, that many times {@code errorRate} errors, and
   * Durations of {@code millis} (10% of them three times as long), as Lambda publishes them (namespace
   * AWS/Lambda, dimensions FunctionName, Resource and ExecutedVersion).
   */
  public AwsFixtures lambdaTraffic(Region region, String version, java.time.Instant from, int seconds, int perSecond,
      double errorRate, double millis) {
    List<software.amazon.awssdk.services.cloudwatch.model.Dimension> dimensions = List.of(
        software.amazon.awssdk.services.cloudwatch.model.Dimension.builder().name("FunctionName").value(FUNCTION).build(),
        software.amazon.awssdk.services.cloudwatch.model.Dimension.builder().name("Resource")
            .value(FUNCTION + ":" + ALIAS).build(),
        software.amazon.awssdk.services.cloudwatch.model.Dimension.builder().name("ExecutedVersion").value(version)
            .build());
    List<software.amazon.awssdk.services.cloudwatch.model.MetricDatum> batch = new java.util.ArrayList<>();
    for (int i = 0; i < seconds; i++) {
      java.time.Instant at = from.plusSeconds(i);
      batch.add(datum("Invocations", dimensions, at, perSecond));
      batch.add(datum("Errors", dimensions, at, Math.round(perSecond * errorRate)));
      batch.add(software.amazon.awssdk.services.cloudwatch.model.MetricDatum.builder().metricName("Duration")
          .dimensions(dimensions).timestamp(at)
          .unit(software.amazon.awssdk.services.cloudwatch.model.StandardUnit.MILLISECONDS)
          .values(millis, millis * 3).counts(perSecond * 0.9, perSecond * 0.1).build());
      if (batch.size() >= 300 || i == seconds - 1) {
        var data = List.copyOf(batch);
        aws.cloudWatch(region).putMetricData(r -> r.namespace("AWS/Lambda").metricData(data));
        batch.clear();
      }
    }
    return this;
  }

  private static software.amazon.awssdk.services.cloudwatch.model.MetricDatum datum(String name,
      List<software.amazon.awssdk.services.cloudwatch.model.Dimension> dimensions, java.time.Instant at, double value) {
    return software.amazon.awssdk.services.cloudwatch.model.MetricDatum.builder().metricName(name)
        .dimensions(dimensions).timestamp(at).unit(software.amazon.awssdk.services.cloudwatch.model.StandardUnit.COUNT)
        .value(value).build();
  }

  /** A build artifact: a zip in S3; returns its s3:// location. */
  public String artifact(String key, String content) {
    Region region = Region.of("us-east-1");
    try {
      aws.s3(region).createBucket(r -> r.bucket(BUCKET));
    } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException exists) {
      // Another artifact made it.
    }
    aws.s3(region).putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(zip(content)));
    return "s3://" + BUCKET + "/" + key;
  }

  /** Turns on versioning for {@value #BUCKET} (created when missing), as most artifact buckets have it. */
  public AwsFixtures versionedBucket() {
    Region region = Region.of("us-east-1");
    try {
      aws.s3(region).createBucket(r -> r.bucket(BUCKET));
    } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException exists) {
      // Made already.
    }
    aws.s3(region).putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(
        v -> v.status(software.amazon.awssdk.services.s3.model.BucketVersioningStatus.ENABLED)));
    return this;
  }

  /** The SHA-256 (hex) of the zip {@link #artifact} makes of this content. */
  public static String sha256(String content) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(zip(content)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public AwsFixtures alarm(Region region, String name) {
    aws.cloudWatch(region).putMetricAlarm(r -> r.alarmName(name).namespace("AWS/Lambda").metricName("Errors")
        .statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1.0)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
    setAlarm(region, name, StateValue.OK, "quiet");
    return this;
  }

  public void setAlarm(Region region, String name, StateValue state, String reason) {
    aws.cloudWatch(region).setAlarmState(r -> r.alarmName(name).stateValue(state).stateReason(reason));
  }

  /** A CodeBuild project whose artifact is s3://{@value #BUCKET}/{artifactName}. */
  public AwsFixtures project(Region region, String name, String artifactName) {
    aws.codeBuild(region).createProject(r -> r.name(name)
        .source(s -> s.type(SourceType.CODECOMMIT).location("https://git-codecommit." + region
            + ".amazonaws.com/v1/repos/payments"))
        .artifacts(a -> a.type(ArtifactsType.S3).location(BUCKET).name(artifactName))
        .environment(e -> e.type(EnvironmentType.LINUX_CONTAINER).computeType(ComputeType.BUILD_GENERAL1_SMALL)
            .image("aws/codebuild/standard:7.0"))
        .serviceRole(role()));
    return this;
  }

  private synchronized String role() {
    if (roleArn == null) {
      try (IamClient iam = IamClient.builder()
          .region(software.amazon.awssdk.regions.Region.AWS_GLOBAL)
          .endpointOverride(Moto.endpoint())
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
          .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
          .build()) {
        roleArn = iam.createRole(r -> r.roleName("shepherd-test-role").assumeRolePolicyDocument(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "[\"lambda.amazonaws.com\",\"codebuild.amazonaws.com\"]},\"Action\":\"sts:AssumeRole\"}]}"))
            .role().arn();
      }
    }
    return roleArn;
  }

  public static byte[] zip(String content) {
    try (var bytes = new ByteArrayOutputStream(); var zip = new ZipOutputStream(bytes)) {
      ZipEntry entry = new ZipEntry("index.py");
      // A fixed time: the same content is the same bytes (and digest) whenever it is zipped.
      entry.setTime(1_767_225_600_000L);
      zip.putNextEntry(entry);
      zip.write(("def handler(event, context):\n    return " + "'" + content + "'\n").getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.finish();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    aws.close();
  }
}
