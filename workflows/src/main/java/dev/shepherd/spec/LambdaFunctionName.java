package dev.shepherd.spec;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code deploy.lambda.function} taken apart. Lambda accepts a function by name ({@code payments-api}), by
 * full ARN ({@code arn:aws:lambda:us-east-1:123456789012:function:payments-api}) or by partial ARN
 * ({@code 123456789012:function:payments-api}), each optionally with a {@code :qualifier}. An ARN pins
 * the function to one region and one account, which a release must not cross: it deploys the same
 * function in every region of its waves, with the worker's own credentials.
 *
 * @param name the function's name
 * @param region the region the ARN names, or null when it names none
 * @param account the account the ARN names, or null when it names none
 * @param qualifier a version or alias after the name, or null
 */
public record LambdaFunctionName(String name, Region region, String account, String qualifier) {

  /**
   * Lambda's own pattern for {@code FunctionName}. Written here rather than taken from an ARN library:
   * this module stays free of the AWS SDK, and partial ARNs and bare names are not ARNs to such a library.
   */
  private static final Pattern FORM = Pattern.compile(
      "(?:arn:aws[a-zA-Z-]*:lambda:)?([a-z]{2}(?:-gov)?-[a-z]+-\\d+:)?(\\d{12}:)?(?:function:)?"
          + "([a-zA-Z0-9_-]{1,64})(?::(\\$LATEST|[a-zA-Z0-9_-]+))?");

  /** The parts of {@code text}, or empty when Lambda would not accept it as a function name. */
  public static Optional<LambdaFunctionName> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new LambdaFunctionName(m.group(3), m.group(1) == null ? null : Region.of(strip(m.group(1))),
        m.group(2) == null ? null : strip(m.group(2)), m.group(4)));
  }

  private static String strip(String withColon) {
    return withColon.substring(0, withColon.length() - 1);
  }
}
