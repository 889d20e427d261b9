package dev.shepherd.policy;

import dev.shepherd.spec.AppConfigFlagLocation;
import dev.shepherd.spec.BuildStepSpec;
import dev.shepherd.spec.Durations;
import dev.shepherd.spec.FlagSpec;
import dev.shepherd.spec.HookSpec;
import dev.shepherd.spec.HooksSpec;
import dev.shepherd.spec.NotificationsSpec;
import dev.shepherd.spec.LambdaFunctionName;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.WaveSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Judges a spec by its application's policy: every resource it names must be allowed, and it may not ask
 * for less than the policy requires. Pure, so both providers' pre-flight (and a test) can run it.
 *
 * <p>The rules, in the order the spec's fields come:
 * <ul>
 *   <li>{@code build.codebuild.project} and {@code test.codebuild.project} must match one of {@link
 *       ResourceAllowance#codeBuildProjects()};
 *   <li>{@code deploy.lambda.function}, as an ARN in each region the waves deploy to, must match one of
 *       {@link ResourceAllowance#functions()} (see {@link #violations});
 *   <li>every wave's {@code bake} must be at least {@link ApplicationPolicy#minBake()} (equal passes);
 *   <li>{@code flag.ssm.parameter} must lie under one of {@link ResourceAllowance#ssmParameters()} (see
 *       {@link #underPrefix});
 *   <li>{@code flag.appconfig.application} must match one of {@link
 *       ResourceAllowance#appConfigApplications()};
 *   <li>{@code notifications.sns} must match one of {@link ResourceAllowance#snsTopics()} (topic ARN patterns)
 *       and {@code notifications.webhook} one of {@link ResourceAllowance#webhooks()}: an application notifies
 *       only its own channels, not another's paging topic or chat room;
 *   <li>{@code hooks.beforeTraffic.function} and {@code hooks.afterTraffic.function} are judged as {@code
 *       deploy.lambda.function} is, against the same {@link ResourceAllowance#functions()}: a release invokes
 *       its hooks with the worker's credentials, and may invoke only the functions its policy lets it touch.
 * </ul>
 *
 * <p>Patterns are globs: {@code *} matches any run of characters, {@code :} and {@code /} included, and
 * every other character only itself ({@code .} is a dot, {@code ?} a question mark). Fields the spec leaves
 * out name nothing and so break no rule; whether they are required is {@link
 * dev.shepherd.spec.SpecValidator}'s business.
 */
public final class PolicyCheck {

  private PolicyCheck() {}

  /**
   * Every violation at once, each naming the spec field and the policy rule, in the order of the spec's
   * fields, e.g. {@code deploy.lambda.function: arn:aws:lambda:eu-west-1:111122223333:function:billing-api
   * is not among the functions payments may touch (arn:aws:lambda:*:111122223333:function:payments-*)};
   * empty when there are none.
   *
   * <p>The function is judged as the ARN it has in each region the waves deploy to, {@code
   * arn:<partition>:lambda:<region>:<account>:function:<name>}: the partition is {@code aws}, or {@code
   * aws-cn} / {@code aws-us-gov} for those regions; a spec that names the function by ARN is judged by that
   * ARN alone, and one that names an account (a partial ARN) by that account. A pattern that does not begin
   * {@code arn:} matches the function's name, but only for a function in the worker's own account: one the
   * spec places in another account, or in an account that cannot be compared because {@code account} is
   * null, must be allowed by an ARN pattern.
   *
   * @param account the AWS account the worker deploys to, for function ARNs; when null it is unknown, written
   *     {@code *} in the ARN, and only a pattern with {@code *} in the account field matches it
   * @throws NullPointerException when {@code spec} or {@code policy} is null
   */
  public static List<String> violations(ReleaseSpec spec, ApplicationPolicy policy, String account) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(policy, "policy");
    String app = isBlank(spec.application()) ? policy.application() : spec.application();
    ResourceAllowance allowed = policy.resources();
    List<String> out = new ArrayList<>();
    project(out, "build", spec.build(), app, allowed);
    project(out, "test", spec.test(), app, allowed);
    if (spec.deploy() != null && spec.deploy().lambda() != null && spec.deploy().lambda().function() != null) {
      function(out, "deploy.lambda.function", spec.deploy().lambda().function(), spec.allRegions(),
          isBlank(account) ? null : account, app, allowed.functions());
    }
    for (int i = 0; i < spec.waves().size(); i++) {
      WaveSpec wave = spec.waves().get(i);
      if (wave != null && wave.bake().compareTo(policy.minBake()) < 0) {
        String name = isBlank(wave.name()) ? "" : " (" + wave.name() + ")";
        out.add("waves[" + i + "]" + name + ".bake: " + Durations.format(wave.bake())
            + " is shorter than the policy's minimum bake for " + app + " (" + Durations.format(policy.minBake())
            + ")");
      }
    }
    flag(out, spec.flag(), app, allowed);
    approvals(out, spec, policy, app);
    HooksSpec hooks = spec.hooks();
    if (hooks != null) {
      hook(out, "hooks.beforeTraffic.function", hooks.beforeTraffic(), spec.allRegions(), account, app, allowed);
      hook(out, "hooks.afterTraffic.function", hooks.afterTraffic(), spec.allRegions(), account, app, allowed);
    }
    NotificationsSpec notifications = spec.notifications();
    if (notifications != null && notifications.sns() != null
        && !anyMatches(allowed.snsTopics(), notifications.sns())) {
      out.add("notifications.sns: " + notifications.sns() + " is not among the SNS topics " + app + " may notify ("
          + listed(allowed.snsTopics()) + ")");
    }
    if (notifications != null && notifications.webhook() != null
        && !anyMatches(allowed.webhooks(), notifications.webhook())) {
      out.add("notifications.webhook: " + notifications.webhook() + " is not among the webhooks " + app
          + " may post to (" + listed(allowed.webhooks()) + ")");
    }
    return List.copyOf(out);
  }

  private static void hook(List<String> out, String field, HookSpec hook, List<Region> regions, String account,
      String app, ResourceAllowance allowed) {
    if (hook != null && hook.function() != null) {
      function(out, field, hook.function(), regions, isBlank(account) ? null : account, app, allowed.functions());
    }
  }

  /** The approval gates the policy requires and the spec leaves out. */
  private static void approvals(List<String> out, ReleaseSpec spec, ApplicationPolicy policy, String app) {
    String rule = policy.waveApprovals();
    for (int i = 0; i < spec.waves().size(); i++) {
      WaveSpec wave = spec.waves().get(i);
      boolean required = ApplicationPolicy.EVERY_WAVE.equals(rule) || (ApplicationPolicy.AFTER_FIRST.equals(rule) && i > 0);
      if (wave != null && required && !wave.approvalRequired()) {
        String name = isBlank(wave.name()) ? "" : " (" + wave.name() + ")";
        out.add("waves[" + i + "]" + name + ".approval: the policy requires an approval before "
            + (ApplicationPolicy.EVERY_WAVE.equals(rule) ? "every wave" : "every wave after the first") + " of " + app
            + "; write approval: required");
      }
    }
    if (policy.flagApproval() && spec.flag() != null && !spec.flag().approvalRequired()) {
      out.add("flag.approval: the policy requires an approval before the flag of " + app
          + " is turned on; write approval: required");
    }
  }

  /**
   * Whether an SSM parameter name lies under a prefix, at a path boundary. A prefix ending in {@code /}
   * allows the names that begin with it ({@code /payments/} allows {@code /payments/flags/x}); one without
   * is taken as a path too, allowing itself and the names beneath it ({@code /payments} allows {@code
   * /payments} and {@code /payments/x}), never a longer name that merely begins with the same letters
   * ({@code /paymentsx}). A blank prefix allows nothing.
   */
  static boolean underPrefix(String parameter, String prefix) {
    if (parameter == null || isBlank(prefix)) {
      return false;
    }
    if (prefix.endsWith("/")) {
      return parameter.length() > prefix.length() && parameter.startsWith(prefix);
    }
    return parameter.equals(prefix) || parameter.startsWith(prefix + "/");
  }

  /**
   * Whether {@code text} matches the glob {@code pattern}: {@code *} matches any run of characters
   * (including none, {@code :} and {@code /}); every other character matches only itself. Written as a
   * linear scan rather than a regular expression, so that no pattern can make it backtrack without bound.
   */
  static boolean globMatches(String pattern, String text) {
    if (pattern == null || text == null) {
      return false;
    }
    int p = 0;
    int t = 0;
    int star = -1;
    int resume = 0;
    while (t < text.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = t;
      } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
        p++;
        t++;
      } else if (star >= 0) {
        // The last star swallows one more character and the rest of the pattern is tried again from there.
        p = star + 1;
        t = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  private static void project(List<String> out, String field, BuildStepSpec step, String app,
      ResourceAllowance allowed) {
    if (step == null || step.codebuild() == null || step.codebuild().project() == null) {
      return;
    }
    String project = step.codebuild().project();
    if (!anyMatches(allowed.codeBuildProjects(), project)) {
      out.add(field + ".codebuild.project: " + project + " is not among the CodeBuild projects " + app
          + " may use (" + listed(allowed.codeBuildProjects()) + ")");
    }
  }

  private static void function(List<String> out, String field, String function, List<Region> regions,
      String account, String app, List<String> patterns) {
    var parsed = LambdaFunctionName.parse(function);
    if (parsed.isEmpty()) {
      out.add(field + ": " + function + " is not a Lambda function name or ARN, so none of the"
          + " functions " + app + " may touch (" + listed(patterns) + ") can be it");
      return;
    }
    LambdaFunctionName name = parsed.get();
    // The spec's own account and region, when it names them, are where the function is.
    String inAccount = name.account() != null ? name.account() : account;
    boolean ownAccount = name.account() == null || name.account().equals(account);
    Set<String> arns = new LinkedHashSet<>();
    if (name.region() != null) {
      arns.add(arn(partition(function, name.region()), name.region().code(), inAccount, name.name()));
    } else {
      for (Region region : regions) {
        if (region != null && region.code() != null) {
          arns.add(arn(partition(function, region), region.code(), inAccount, name.name()));
        }
      }
    }
    for (String arn : arns) {
      boolean allowed = patterns.stream().anyMatch(p -> p.startsWith("arn:")
          ? globMatches(p, arn)
          : ownAccount && globMatches(p, name.name()));
      if (!allowed) {
        out.add(field + ": " + arn + " is not among the functions " + app + " may touch ("
            + listed(patterns) + ")");
      }
    }
  }

  private static String arn(String partition, String region, String account, String name) {
    return "arn:" + partition + ":lambda:" + region + ":" + (account == null ? "*" : account) + ":function:" + name;
  }

  /** The spec's own partition when it gives an ARN, else the region's. */
  private static String partition(String function, Region region) {
    if (function.startsWith("arn:")) {
      return function.split(":", 3)[1];
    }
    String code = region.code();
    if (code.startsWith("cn-")) {
      return "aws-cn";
    }
    return code.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }

  private static void flag(List<String> out, FlagSpec flag, String app, ResourceAllowance allowed) {
    if (flag == null) {
      return;
    }
    if (flag.ssm() != null && flag.ssm().parameter() != null) {
      String parameter = flag.ssm().parameter();
      if (allowed.ssmParameters().stream().noneMatch(prefix -> underPrefix(parameter, prefix))) {
        out.add("flag.ssm.parameter: " + parameter + " is not under any of the SSM parameter prefixes " + app
            + " may use (" + listed(allowed.ssmParameters()) + ")");
      }
    }
    AppConfigFlagLocation appconfig = flag.appconfig();
    if (appconfig != null && appconfig.application() != null
        && !anyMatches(allowed.appConfigApplications(), appconfig.application())) {
      out.add("flag.appconfig.application: " + appconfig.application() + " is not among the AppConfig"
          + " applications " + app + " may use (" + listed(allowed.appConfigApplications()) + ")");
    }
  }

  private static boolean anyMatches(List<String> patterns, String text) {
    return patterns.stream().anyMatch(p -> globMatches(p, text));
  }

  private static String listed(List<String> patterns) {
    return patterns.isEmpty() ? "none listed" : String.join(", ", patterns);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
