package dev.shepherd.aws;

import dev.shepherd.release.FailureType;
import dev.shepherd.spec.Region;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.function.LongConsumer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** Reads build artifacts ({@code s3://bucket/key}) so they can be deployed to any region. */
final class ArtifactStore {

  private static final int CHUNK = 256 * 1024;

  private final AwsClients aws;

  ArtifactStore(AwsClients aws) {
    this.aws = aws;
  }

  /**
   * Reads an artifact in chunks, calling {@code progress} with the bytes read so far before the first
   * and after every chunk: the caller heartbeats, so that a worker that dies mid-download is noticed in
   * seconds. The download is streamed, so it is not cut short by the clients' call timeout.
   *
   * @param maxBytes the largest artifact accepted; a larger one fails {@code INVALID_REQUEST} before it is all read
   */
  byte[] read(String location, Region deployRegion, long maxBytes, LongConsumer progress) {
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
    progress.accept(0);
    try (ResponseInputStream<GetObjectResponse> in = aws.s3(deployRegion).getObject(r -> r.bucket(bucket).key(key))) {
      Long size = in.response().contentLength();
      if (size != null && size > maxBytes) {
        throw tooLarge(location, size, maxBytes);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(size != null ? (int) (long) size : 1 << 16);
      byte[] chunk = new byte[CHUNK];
      long total = 0;
      int n;
      while ((n = in.read(chunk)) >= 0) {
        out.write(chunk, 0, n);
        total += n;
        if (total > maxBytes) {
          throw tooLarge(location, total, maxBytes);
        }
        progress.accept(total);
      }
      return out.toByteArray();
    } catch (SdkException e) {
      throw AwsFailures.translate(e, "read artifact " + location, deployRegion);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure("reading artifact " + location + " broke off: " + e.getMessage()
          + "; retrying", AwsFailures.TRANSIENT);
    }
  }

  private static ApplicationFailure tooLarge(String location, long size, long maxBytes) {
    return FailureType.INVALID_REQUEST.failure("artifact " + location + " is larger than " + maxBytes
        + " bytes (" + size + " or more), the most Lambda takes directly");
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
