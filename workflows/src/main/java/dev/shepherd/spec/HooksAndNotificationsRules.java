package dev.shepherd.spec;

import static dev.shepherd.spec.FieldRules.atMost;
import static dev.shepherd.spec.FieldRules.blank;
import static dev.shepherd.spec.SpecValidator.MAX_HOOK_TIMEOUT;
import static dev.shepherd.spec.SpecValidator.WEBHOOK_NAME;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of the smoke-test hooks ({@code hooks}) and of where notifications go ({@code notifications}). Part
 * of {@link SpecValidator}, which decides the order in which problems are reported; stateless, as it runs in
 * workflow code.
 */
final class HooksAndNotificationsRules {

  /** An SNS topic's ARN. */
  private static final Pattern SNS_TOPIC_ARN = Pattern.compile(
      "arn:aws(?:-[a-z]+)*:sns:([a-z]{2}(?:-[a-z]+)+-\\d):\\d{12}:[A-Za-z0-9_-]{1,256}(?:\\.fifo)?");

  private HooksAndNotificationsRules() {}

  static void hooks(List<SpecProblem> out, HooksSpec hooks) {
    if (hooks == null) {
      return;
    }
    if (hooks.beforeTraffic() == null && hooks.afterTraffic() == null) {
      out.add(new SpecProblem("hooks", "names no hook; give beforeTraffic, afterTraffic or both (or leave hooks out)"));
    }
    hook(out, "hooks.beforeTraffic", hooks.beforeTraffic());
    hook(out, "hooks.afterTraffic", hooks.afterTraffic());
  }

  static void notifications(List<SpecProblem> out, NotificationsSpec n) {
    if (n == null) {
      return;
    }
    if (blank(n.sns()) && blank(n.webhook())) {
      out.add(new SpecProblem("notifications", "names no channel; give sns (a topic ARN), webhook (a name the worker"
          + " maps to a URL) or both (or leave notifications out)"));
    }
    if (n.sns() != null && !SNS_TOPIC_ARN.matcher(n.sns()).matches()) {
      out.add(new SpecProblem("notifications.sns", "\"" + n.sns() + "\" is not an SNS topic ARN"
          + " (arn:aws:sns:REGION:ACCOUNT:NAME)"));
    } else if (n.sns() != null) {
      Matcher m = SNS_TOPIC_ARN.matcher(n.sns());
      if (m.matches() && !Region.of(m.group(1)).isKnown()) {
        out.add(new SpecProblem("notifications.sns", "\"" + m.group(1) + "\" is not an AWS region"));
      }
    }
    if (n.webhook() != null && !WEBHOOK_NAME.matcher(n.webhook()).matches()) {
      out.add(new SpecProblem("notifications.webhook", "\"" + n.webhook() + "\" is not a webhook name: 1-63 lower-case"
          + " letters, digits, '-' or '_', naming a webhook the worker knows (--webhook NAME=URL); never the URL"));
    }
  }

  private static void hook(List<SpecProblem> out, String path, HookSpec hook) {
    if (hook == null) {
      return;
    }
    if (blank(hook.function())) {
      out.add(new SpecProblem(path + ".function", "is required"));
    } else if (LambdaFunctionName.parse(hook.function()).isEmpty()) {
      out.add(new SpecProblem(path + ".function", "\"" + hook.function()
          + "\" is not a Lambda function name, name:qualifier or ARN"));
    }
    if (hook.timeout().compareTo(Duration.ofSeconds(1)) < 0) {
      out.add(new SpecProblem(path + ".timeout", Durations.format(hook.timeout()) + " is shorter than 1s"));
    }
    atMost(out, path + ".timeout", hook.timeout(), MAX_HOOK_TIMEOUT);
  }
}
