package dev.shepherd.notify;

import dev.shepherd.aws.AwsClients;
import dev.shepherd.cloud.Notification;
import dev.shepherd.spec.Region;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/**
 * Publishes notifications to SNS topics, each in the region its ARN names. The message carries the
 * notification's id, kind and urgency as message attributes (subscription filter policies can select on them,
 * e.g. {@code {"shepherd.urgent": ["true"]}}); a FIFO topic gets the release's workflow id as the message group
 * and a hash of the notification id as the deduplication id, so that SNS itself drops a repeat within its
 * five-minute deduplication window.
 */
final class SnsPublisher {

  /** The message attribute with the notification's id. */
  static final String ID_ATTRIBUTE = "shepherd.notification-id";
  /** The message attribute with the notification's kind ({@code GATE_WAITING}...). */
  static final String KIND_ATTRIBUTE = "shepherd.kind";
  /** The message attribute that says whether a person must act now ({@code true} or {@code false}). */
  static final String URGENT_ATTRIBUTE = "shepherd.urgent";

  private static final Pattern TOPIC_ARN = Pattern.compile("arn:aws(?:-[a-z]+)*:sns:([a-z0-9-]+):\\d{12}:([A-Za-z0-9_.-]+)");
  /** What SNS accepts in a message group id (up to 128 characters). */
  private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]{1,128}");
  /** Error codes with which SNS says it did not process the request: try again later. */
  private static final Set<String> NOT_PROCESSED = Set.of("Throttled", "Throttling", "ThrottlingException",
      "ThrottledException", "KMSThrottling", "ServiceUnavailable", "RequestThrottled");

  private final AwsClients aws;

  SnsPublisher(AwsClients aws) {
    this.aws = aws;
  }

  /** Publishes once; says what came of it rather than throwing. */
  Delivery publish(String topicArn, NotificationMessage message) {
    Matcher arn = TOPIC_ARN.matcher(topicArn);
    if (!arn.matches()) {
      return Delivery.refused("not sent: \"" + topicArn + "\" is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)");
    }
    Region region = Region.of(arn.group(1));
    boolean fifo = arn.group(2).endsWith(".fifo");
    Notification n = message.notification();
    PublishRequest.Builder request = PublishRequest.builder()
        .topicArn(topicArn)
        .subject(message.subject())
        .message(message.plainText())
        .messageAttributes(Map.of(
            ID_ATTRIBUTE, text(String.valueOf(n.id())),
            KIND_ATTRIBUTE, text(String.valueOf(n.kind())),
            URGENT_ATTRIBUTE, text(String.valueOf(n.urgent()))));
    if (fifo) {
      request.messageGroupId(groupId(n.workflowId())).messageDeduplicationId(deduplicationId(n.id()));
    }
    try {
      SnsClient sns = aws.sns(region);
      PublishResponse published = sns.publish(request.build());
      return Delivery.sent("sent (message id " + published.messageId() + ")");
    } catch (AwsServiceException e) {
      return answered(e, fifo);
    } catch (SdkException e) {
      return unanswered(e, fifo);
    }
  }

  /** The deduplication id of a notification on a FIFO topic: the SHA-256 of its id, in hex. */
  static String deduplicationId(String notificationId) {
    return sha256(notificationId);
  }

  /** The workflow id when SNS takes it as a message group id, else its SHA-256 (the group is only an order). */
  static String groupId(String workflowId) {
    String id = workflowId == null ? "" : workflowId;
    return GROUP_ID.matcher(id).matches() ? id : sha256(id);
  }

  private static Delivery answered(AwsServiceException e, boolean fifo) {
    String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
    String said = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? ""
        : ": " + e.awsErrorDetails().errorMessage();
    int status = e.statusCode();
    String what = "(" + code + ", HTTP " + status + ")";
    if (e.isThrottlingException() || NOT_PROCESSED.contains(code) || status == 429 || status == 503) {
      return Delivery.notDelivered("not delivered: SNS did not take it " + what + said + "; retrying");
    }
    if (status >= 500) {
      return fifo
          ? Delivery.notDelivered("not delivered: SNS failed " + what + said + "; retrying (the FIFO topic drops a"
              + " repeat)")
          : Delivery.unknown("outcome unknown: SNS failed while handling it " + what + said + "; it may have been"
              + " published, so it is not sent again");
    }
    String lower = code.toLowerCase(Locale.ROOT);
    String hint = status == 403 || lower.contains("authorization") || lower.contains("accessdenied")
        ? " (the worker's role needs sns:Publish on the topic, and kms:GenerateDataKey and kms:Decrypt on its key"
            + " when it is encrypted)"
        : status == 404 || lower.contains("notfound") ? " (create the topic, or fix notifications.sns in the spec)" : "";
    return Delivery.refused("refused " + what + said + hint);
  }

  private static Delivery unanswered(SdkException e, boolean fifo) {
    if (neverSent(e)) {
      return Delivery.notDelivered("not delivered: could not reach SNS (" + describe(e) + "); retrying");
    }
    String why = e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
        ? "no answer from SNS within " + AwsClients.API_CALL_ATTEMPT_TIMEOUT.toSeconds() + "s"
        : "the call to SNS failed after it was sent (" + describe(e) + ")";
    return fifo
        ? Delivery.notDelivered("not delivered: " + why + "; retrying (the FIFO topic drops a repeat)")
        : Delivery.unknown("outcome unknown: " + why + "; it may have been published, so it is not sent again");
  }

  /** Whether the request provably never reached SNS: no connection, no host, no credentials to sign it. */
  private static boolean neverSent(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
        return true;
      }
      if (t instanceof SocketTimeoutException && t.getMessage() != null
          && t.getMessage().toLowerCase(Locale.ROOT).contains("connect")) {
        return true;
      }
      if (t.getMessage() != null && t.getMessage().startsWith("Unable to load credentials")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : ": " + root.getMessage();
    return root.getClass().getSimpleName() + message;
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
