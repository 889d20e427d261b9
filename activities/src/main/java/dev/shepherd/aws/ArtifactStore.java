package dev.shepherd.aws;

import dev.shepherd.release.FailureType;
import dev.shepherd.spec.Region;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.LongConsumer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Build artifacts in S3: pinned once, when the build ends, to bytes that cannot change under the
 * release, and read back exactly, in any region.
 *
 * <p>A location is {@code s3://bucket/key}, optionally with {@code ?versionId=V}: a pinned location
 * names one object version (a versioned bucket) or a key written for one build alone.
 */
final class ArtifactStore {

  /** Lambda takes a zip directly up to this size; larger artifacts must be deployed from S3. */
  static final long MAX_DIRECT_UPLOAD = 50L * 1024 * 1024;

  private static final int CHUNK = 256 * 1024;
  /** Where copies of artifacts from unversioned buckets go, one key per build. */
  static final String PINNED_PREFIX = "shepherd-pinned/";

  private final AwsClients aws;

  ArtifactStore(AwsClients aws) {
    this.aws = aws;
  }

  /** An artifact's bytes with their digest. */
  record Artifact(byte[] bytes, String sha256) {}

  /** An artifact pinned for a release: where its bytes are, and their digest. */
  record Pinned(String location, String sha256) {}

  /** A parsed s3:// location. */
  record S3Location(String bucket, String key, String versionId) {

    @Override
    public String toString() {
      return "s3://" + bucket + "/" + key + (versionId == null ? ""
          : "?versionId=" + URLEncoder.encode(versionId, StandardCharsets.UTF_8));
    }
  }

  /**
   * Pins a build's artifact: reads it once (streamed, hashing as it goes, never more than
   * {@code maxBytes}) and returns a location that always gives those bytes. In a versioned bucket that
   * is the object version just read; otherwise the object is copied, on condition that it is still the
   * one read (its ETag), to a key of this build alone.
   *
   * @param buildId the build, naming the copy's key
   */
  Pinned pin(String location, String buildId, Region region, long maxBytes, LongConsumer progress) {
    S3Location at = parse(location);
    String sha;
    String versionId;
    String etag;
    try (ResponseInputStream<GetObjectResponse> in = open(at, region)) {
      GetObjectResponse head = in.response();
      checkSize(location, head.contentLength(), maxBytes);
      sha = copy(in, OutputStream.nullOutputStream(), location, maxBytes, progress);
      versionId = head.versionId();
      etag = head.eTag();
    } catch (IOException e) {
      throw brokeOff(location, e);
    } catch (SdkException e) {
      throw AwsFailures.translate(e, "read artifact " + location, region);
    }
    if (at.versionId() != null) {
      return new Pinned(at.toString(), sha);
    }
    if (versionId != null && !versionId.isBlank() && !"null".equals(versionId)) {
      return new Pinned(new S3Location(at.bucket(), at.key(), versionId).toString(), sha);
    }
    String copyKey = PINNED_PREFIX + buildId.replaceAll("[^A-Za-z0-9._-]", "_") + "/" + at.key();
    AwsFailures.call("copy artifact " + location + " to a key of build " + buildId, region,
        () -> aws.s3(region).copyObject(r -> r.sourceBucket(at.bucket()).sourceKey(at.key())
            .destinationBucket(at.bucket()).destinationKey(copyKey).copySourceIfMatch(etag)));
    return new Pinned(new S3Location(at.bucket(), copyKey, null).toString(), sha);
  }

  /**
   * Reads an artifact in chunks, calling {@code progress} with the bytes read so far before the first
   * and after every chunk: the caller heartbeats, so that a worker that dies mid-download is noticed in
   * seconds. The size is checked before anything is read (the object's length) and while reading.
   *
   * @param maxBytes the largest artifact accepted; a larger one fails {@code INVALID_REQUEST} before it is all read
   */
  Artifact read(String location, Region deployRegion, long maxBytes, LongConsumer progress) {
    S3Location at = parse(location);
    try (ResponseInputStream<GetObjectResponse> in = open(at, deployRegion)) {
      Long size = in.response().contentLength();
      checkSize(location, size, maxBytes);
      ByteArrayOutputStream out = new ByteArrayOutputStream(size != null ? (int) (long) size : 1 << 16);
      String sha = copy(in, out, location, maxBytes, progress);
      return new Artifact(out.toByteArray(), sha);
    } catch (SdkException e) {
      throw AwsFailures.translate(e, "read artifact " + location, deployRegion);
    } catch (IOException e) {
      throw brokeOff(location, e);
    }
  }

  private ResponseInputStream<GetObjectResponse> open(S3Location at, Region region) {
    return aws.s3(region).getObject(r -> r.bucket(at.bucket()).key(at.key()).versionId(at.versionId()));
  }

  /** Copies the stream to {@code out}, hashing it; returns the SHA-256 in hex. */
  private static String copy(InputStream in, OutputStream out, String location, long maxBytes, LongConsumer progress)
      throws IOException {
    MessageDigest digest = sha256();
    byte[] chunk = new byte[CHUNK];
    long total = 0;
    int n;
    progress.accept(0);
    while ((n = in.read(chunk)) >= 0) {
      out.write(chunk, 0, n);
      digest.update(chunk, 0, n);
      total += n;
      if (total > maxBytes) {
        throw tooLarge(location, total, maxBytes);
      }
      progress.accept(total);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static S3Location parse(String location) {
    URI uri;
    try {
      uri = URI.create(location);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw FailureType.INVALID_REQUEST.failure("artifact location \"" + location + "\" is not a URI");
    }
    if (!"s3".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawPath() == null
        || uri.getRawPath().length() < 2) {
      throw FailureType.INVALID_REQUEST.failure("artifact location \"" + location
          + "\" is not s3://bucket/key; the AWS provider deploys zip artifacts from S3");
    }
    String versionId = null;
    String query = uri.getRawQuery();
    if (query != null) {
      for (String part : query.split("&")) {
        if (part.startsWith("versionId=")) {
          versionId = URLDecoder.decode(part.substring("versionId=".length()), StandardCharsets.UTF_8);
        } else {
          throw FailureType.INVALID_REQUEST.failure("artifact location \"" + location
              + "\" has an unknown parameter \"" + part + "\"; only versionId is understood");
        }
      }
    }
    return new S3Location(uri.getHost(), uri.getPath().substring(1), versionId);
  }

  /** Lambda's CodeSha256 (base64) as hex, to compare with an artifact's digest. */
  static String hexOfLambdaSha(String codeSha256) {
    if (codeSha256 == null || codeSha256.isBlank()) {
      return null;
    }
    try {
      return HexFormat.of().formatHex(Base64.getDecoder().decode(codeSha256));
    } catch (IllegalArgumentException notBase64) {
      return codeSha256.toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static void checkSize(String location, Long size, long maxBytes) {
    if (size != null && size > maxBytes) {
      throw tooLarge(location, size, maxBytes);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static ApplicationFailure brokeOff(String location, IOException e) {
    return ApplicationFailure.newFailure("reading artifact " + location + " broke off: " + e.getMessage()
        + "; retrying", AwsFailures.TRANSIENT);
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
