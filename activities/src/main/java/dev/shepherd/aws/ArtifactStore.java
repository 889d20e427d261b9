package dev.shepherd.aws;

import dev.shepherd.release.FailureType;
import dev.shepherd.spec.Region;
import java.net.URI;
import software.amazon.awssdk.core.exception.SdkException;

/** Reads build artifacts ({@code s3://bucket/key}) so they can be deployed to any region. */
final class ArtifactStore {

  private final AwsClients aws;

  ArtifactStore(AwsClients aws) {
    this.aws = aws;
  }

  byte[] read(String location, Region deployRegion) {
    URI uri;
    try {
      uri = URI.create(location);
    } catch (IllegalArgumentException e) {
      throw FailureType.INVALID_REQUEST.failure("artifact location \"" + location + "\" is not a URI");
    }
    if (!"s3".equals(uri.getScheme()) || uri.getHost() == null || uri.getPath().length() < 2) {
      throw FailureType.INVALID_REQUEST.failure("artifact location \"" + location
          + "\" is not s3://bucket/key; the AWS provider deploys zip artifacts from S3");
    }
    String bucket = uri.getHost();
    String key = uri.getPath().substring(1);
    try {
      return aws.s3(deployRegion).getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    } catch (SdkException e) {
      throw AwsFailures.translate(e, "read artifact " + location, deployRegion);
    }
  }

  /** The s3:// location of a CodeBuild artifact, from its ARN ({@code arn:aws:s3:::bucket/key}) or URL. */
  static String fromCodeBuild(String location) {
    if (location == null || location.isBlank()) {
      return null;
    }
    if (location.startsWith("arn:")) {
      int resource = location.indexOf(":::");
      return resource < 0 ? location : "s3://" + location.substring(resource + 3);
    }
    return location.startsWith("s3://") ? location : "s3://" + location;
  }
}
