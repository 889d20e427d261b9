package dev.shepherd.aws;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IAM actions that code needs, read from its compiled calls to AWS SDK v2 service clients
 * ({@code software.amazon.awssdk.services.<service>.<Name>Client}). An operation needs the action
 * {@code <service prefix>:<Operation>} (e.g. {@code LambdaClient.updateFunctionCode} needs
 * {@code lambda:UpdateFunctionCode}) unless {@link #OPERATION_ACTIONS} says otherwise; a new call on any
 * service therefore needs no change here, only its action in the policy.
 */
final class IamActions {

  /** A call site and the IAM action it needs. */
  record Needed(String action, String site) {}

  private static final Pattern CLIENT = Pattern.compile("software\\.amazon\\.awssdk\\.services\\.([a-z0-9]+)\\.\\w+Client");

  /** SDK packages whose IAM service prefix is another name. */
  private static final Map<String, String> PREFIXES = Map.of(
      "cloudwatchlogs", "logs",
      "sfn", "states",
      "elasticloadbalancingv2", "elasticloadbalancing",
      "appconfigdata", "appconfig");

  /** Methods of the client interfaces that are not AWS operations. */
  private static final Set<String> NOT_OPERATIONS = Set.of("builder", "create", "serviceName",
      "serviceClientConfiguration", "close", "waiter", "utilities");

  /**
   * Operations authorized by actions of other names (from each service's "Actions, resources, and
   * condition keys" page); an empty list: no permission needed.
   */
  static final Map<String, List<String>> OPERATION_ACTIONS = Map.ofEntries(
      Map.entry("s3:HeadObject", List.of("s3:GetObject")),
      Map.entry("s3:HeadBucket", List.of("s3:ListBucket")),
      Map.entry("s3:ListObjects", List.of("s3:ListBucket")),
      Map.entry("s3:ListObjectsV2", List.of("s3:ListBucket")),
      Map.entry("s3:ListObjectVersions", List.of("s3:ListBucketVersions")),
      // The source is read, the destination written.
      Map.entry("s3:CopyObject", List.of("s3:GetObject", "s3:PutObject")),
      Map.entry("s3:CreateMultipartUpload", List.of("s3:PutObject")),
      Map.entry("s3:UploadPart", List.of("s3:PutObject")),
      Map.entry("s3:CompleteMultipartUpload", List.of("s3:PutObject")),
      Map.entry("lambda:Invoke", List.of("lambda:InvokeFunction")),
      Map.entry("sts:GetCallerIdentity", List.of()));

  /**
   * Request parameters that need an action of their own, besides the operation's: reading a given version
   * of an S3 object needs {@code s3:GetObjectVersion}. Keyed by the builder method that sets them.
   */
  static final Map<String, String> PARAMETER_ACTIONS = Map.of(
      "software.amazon.awssdk.services.s3.model.GetObjectRequest$Builder.versionId", "s3:GetObjectVersion",
      "software.amazon.awssdk.services.s3.model.HeadObjectRequest$Builder.versionId", "s3:GetObjectVersion",
      "software.amazon.awssdk.services.s3.model.CopyObjectRequest$Builder.sourceVersionId", "s3:GetObjectVersion");

  private IamActions() {}

  /** Every action that the classes' calls need, one entry per call site. */
  static List<Needed> neededBy(JavaClasses classes) {
    List<Needed> needed = new ArrayList<>();
    for (JavaClass c : classes) {
      for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
        String owner = call.getTarget().getOwner().getName();
        String method = call.getTarget().getName();
        String site = c.getName() + " (" + call.getSourceCodeLocation().getSourceFileName() + ":"
            + call.getLineNumber() + ") calls " + call.getTarget().getOwner().getSimpleName() + "." + method;
        String parameterAction = PARAMETER_ACTIONS.get(owner + "." + method);
        if (parameterAction != null) {
          needed.add(new Needed(parameterAction, site));
        }
        Matcher client = CLIENT.matcher(owner);
        if (!client.matches() || NOT_OPERATIONS.contains(method)) {
          continue;
        }
        String prefix = PREFIXES.getOrDefault(client.group(1), client.group(1));
        String operation = method.endsWith("Paginator") ? method.substring(0, method.length() - "Paginator".length())
            : method;
        String action = prefix + ":" + operation.substring(0, 1).toUpperCase(Locale.ROOT) + operation.substring(1);
        for (String a : OPERATION_ACTIONS.getOrDefault(action, List.of(action))) {
          needed.add(new Needed(a, site));
        }
      }
    }
    return needed;
  }
}
