package dev.shepherd.aws;

import dev.shepherd.cloud.AlarmCheck;
import dev.shepherd.cloud.AlarmCheckRequest;
import dev.shepherd.cloud.AlarmWatchRequest;
import dev.shepherd.cloud.AlarmWatchResult;
import dev.shepherd.cloud.FiringAlarm;
import dev.shepherd.cloud.FlagLocation;
import dev.shepherd.cloud.HealthActivities;
import dev.shepherd.cloud.HookPoint;
import dev.shepherd.cloud.PreflightRequest;
import dev.shepherd.cloud.PreflightResult;
import dev.shepherd.policy.ApplicationPolicy;
import dev.shepherd.policy.PolicyCheck;
import dev.shepherd.provider.AlarmPolling;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.BuildStepSpec;
import dev.shepherd.spec.HookSpec;
import dev.shepherd.spec.HooksSpec;
import dev.shepherd.spec.LambdaFunctionName;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** Pre-flight and CloudWatch alarms. */
public final class AwsHealthActivities implements HealthActivities {

  private static final String LATEST = "$LATEST";

  private final AwsClients aws;

  public AwsHealthActivities(AwsClients aws) {
    this.aws = aws;
  }

  /**
   * Looks up everything the spec names, smoke-test hook functions included (each in every region, with its
   * qualifier when it names one), and refuses what a rollback could not put back safely: an alias on {@code
   * $LATEST}, a function ARN of another region or account, a SecureString flag; and a hook function ARN of another
   * region or account, as hooks run in every region with the worker's credentials. With a release policy,
   * also refuses what the policy does not allow ({@link PolicyCheck}), judging function ARNs in the account
   * STS says the worker's credentials are in. Every problem is collected before failing, so that one run
   * lists all there is to fix.
   */
  @Override
  public PreflightResult preflight(PreflightRequest request) {
    ReleaseSpec spec = request.spec();
    ApplicationPolicy policy = request.policy();
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    List<String> missing = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    int found = 0;
    Region first = spec.allRegions().get(0);
    for (BuildStepSpec step : new BuildStepSpec[] {spec.build(), spec.test()}) {
      if (step == null) {
        continue;
      }
      ctx.heartbeat(step.codebuild().project());
      Region region = step.codebuild().region() != null ? step.codebuild().region() : first;
      String project = step.codebuild().project();
      var projects = AwsFailures.call("look up CodeBuild project " + project, region,
          () -> aws.codeBuild(region).batchGetProjects(r -> r.names(project)));
      if (projects.projects().isEmpty()) missing.add("CodeBuild project " + project + " in " + region); else found++;
    }
    String function = spec.deploy().lambda().function();
    String alias = spec.deploy().lambda().alias();
    LambdaFunctionName name = LambdaFunctionName.parse(function).orElse(null);
    // A function that is refused is not looked up: in another account or region the lookup would fail as
    // denied or not found, and hide the reason.
    boolean otherAccount = false;
    String account = null;
    String accountUnread = null;
    if (name != null && name.account() != null) {
      account = callerAccount(first);
      otherAccount = !name.account().equals(account);
      if (otherAccount) {
        refused.add("Lambda function " + function + " is in account " + name.account() + ", but the worker's"
            + " credentials are in account " + account + " (checked in " + first + "): a release deploys and rolls"
            + " back with the worker's own credentials; name the function by its name alone (" + name.name()
            + "), or run the release on a worker of account " + name.account());
      }
    } else if (policy != null) {
      try {
        account = callerAccount(first);
      } catch (ApplicationFailure e) {
        if (!e.isNonRetryable()) {
          throw e;
        }
        // Without the account, PolicyCheck allows the function only by an ARN pattern with '*' for the
        // account: what it refuses is reported with STS's answer, rather than failing on STS alone.
        accountUnread = e.getOriginalMessage();
      }
    }
    List<Hook> hooks = hooks(spec);
    List<String> hooksRefused = new ArrayList<>();
    if (account == null && accountUnread == null
        && hooks.stream().anyMatch(h -> h.name() != null && h.name().account() != null)) {
      account = callerAccount(first);
    }
    for (Hook h : hooks) {
      if (h.name() == null) {
        hooksRefused.add(h.path() + ": " + h.function() + " is not a Lambda function name or ARN");
      } else if (h.inOtherAccountThan(account)) {
        hooksRefused.add(h.path() + ": Lambda function " + h.function() + " is in account " + h.name().account()
            + ", but the worker's credentials are in account " + account + ": a release invokes its hooks with the"
            + " worker's own credentials; name the hook function by its name alone (" + h.name().name() + ")");
      }
    }
    // Hook lookups by function and region: two hooks may name the same function.
    Map<String, Boolean> hookFound = new HashMap<>();
    for (Region region : spec.allRegions()) {
      // A heartbeat per region: with many regions, a worker that dies half-way is noticed in seconds.
      ctx.heartbeat(region.code());
      if (otherAccount) {
        // Refused once above, for every region.
      } else if (name != null && name.region() != null && !name.region().equals(region)) {
        refused.add("Lambda function " + function + " is in " + name.region() + ", but the release deploys it to "
            + region + ": name the function by its name alone (" + name.name() + "), the same in every region");
      } else {
        try {
          GetAliasResponse a = aws.lambda(region).getAlias(r -> r.functionName(function).name(alias));
          found += 2;
          if (onLatest(a)) {
            String how = LATEST.equals(a.functionVersion()) ? "points at" : "sends a share of its traffic to";
            refused.add("Lambda alias " + function + ":" + alias + " in " + region + " " + how + " $LATEST, which"
                + " changes with every code update, so a rollback could not restore what it serves; publish a"
                + " version of the function and point the alias at it");
          }
        } catch (ResourceNotFoundException e) {
          missing.add("Lambda function " + function + " with alias " + alias + " in " + region);
        } catch (SdkException e) {
          throw AwsFailures.translate(e, "look up " + function + ":" + alias, region);
        }
      }
      if (!spec.alarms().isEmpty()) {
        Set<String> present = new HashSet<>();
        for (MetricAlarm a : describe(region, spec.alarms()).metricAlarms()) {
          present.add(a.alarmName());
        }
        for (String alarm : spec.alarms()) {
          if (present.contains(alarm)) found++; else missing.add("CloudWatch alarm " + alarm + " in " + region);
        }
      }
      for (Hook h : hooks) {
        if (h.name() == null || h.inOtherAccountThan(account)) {
          // Refused once above, for every region.
        } else if (h.name().region() != null && !h.name().region().equals(region)) {
          hooksRefused.add(h.path() + ": Lambda function " + h.function() + " is in " + h.name().region() + ", but the"
              + " release runs its hooks in " + region + " too: name the hook function by its name alone ("
              + h.name().name() + (h.name().qualifier() == null ? "" : ":" + h.name().qualifier())
              + "), the same in every region");
        } else {
          String key = h.function() + "|" + region.code();
          if (!hookFound.containsKey(key)) {
            boolean exists = hookExists(h.function(), region);
            hookFound.put(key, exists);
            if (exists) {
              found++;
            }
          }
          if (!hookFound.get(key)) {
            missing.add(h.path() + ": Lambda function " + h.function() + " in " + region);
          }
        }
      }
    }
    if (spec.flag() != null) {
      Region region = spec.flag().region() != null ? spec.flag().region() : first;
      FlagLocation flag = new FlagLocation(region, spec.flag().ssm(), spec.flag().appconfig());
      ctx.heartbeat(flag.toString());
      if (flag.appconfig() != null) {
        try {
          new AppConfigFlags(aws).locate(flag);
          found++;
        } catch (ApplicationFailure e) {
          if (!FailureType.NOT_FOUND.name().equals(e.getType())) {
            throw e;
          }
          missing.add(e.getOriginalMessage());
        }
      } else if (flag.ssm() != null && new SsmFlags(aws).isSecureString(flag)) {
        // An SSM flag parameter may be absent: the release creates it, and the rollback deletes it again.
        refused.add(SsmFlags.secureString(flag));
      }
    }
    List<String> forbidden = policy == null ? List.of() : PolicyCheck.violations(spec, policy, account);
    if (!forbidden.isEmpty() || !missing.isEmpty() || !refused.isEmpty() || !hooksRefused.isEmpty()) {
      List<String> parts = new ArrayList<>();
      if (!forbidden.isEmpty()) {
        parts.add("release policy " + (policy.digest() != null ? policy.digest() : "of " + policy.application())
            + " does not allow " + forbidden.size() + ": " + String.join("; ", forbidden)
            + (accountUnread == null ? "" : " (the worker's account could not be read, so function names were"
                + " judged as in an unknown account: " + accountUnread + ")"));
      }
      if (!missing.isEmpty()) {
        parts.add("missing " + missing.size() + ": " + String.join("; ", missing));
      }
      if (!refused.isEmpty()) {
        parts.add("refused " + refused.size() + " (a rollback could not undo it safely): " + String.join("; ", refused));
      }
      if (!hooksRefused.isEmpty()) {
        parts.add("refused " + hooksRefused.size() + " smoke-test hook" + (hooksRefused.size() == 1 ? "" : "s")
            + " (a hook runs in every region, with the worker's credentials): " + String.join("; ", hooksRefused));
      }
      throw FailureType.PREFLIGHT_FAILED.failure(String.join(". ", parts) + ". Nothing was changed.");
    }
    return new PreflightResult(found);
  }

  /**
   * A smoke-test hook of the spec.
   *
   * @param path its field in the spec
   * @param function its function as written
   * @param name that taken apart; null when it is not a function name
   */
  private record Hook(String path, String function, LambdaFunctionName name) {

    /** Whether its ARN names an account, and it is not {@code account} (when that is known). */
    boolean inOtherAccountThan(String account) {
      return name != null && name.account() != null && account != null && !name.account().equals(account);
    }
  }

  private static List<Hook> hooks(ReleaseSpec spec) {
    List<Hook> out = new ArrayList<>();
    HooksSpec hooks = spec.hooks();
    if (hooks == null) {
      return out;
    }
    for (HookPoint point : HookPoint.values()) {
      HookSpec hook = point == HookPoint.BEFORE_TRAFFIC ? hooks.beforeTraffic() : hooks.afterTraffic();
      if (hook != null && hook.function() != null) {
        out.add(new Hook("hooks." + point.key() + ".function", hook.function(),
            LambdaFunctionName.parse(hook.function()).orElse(null)));
      }
    }
    return out;
  }

  /**
   * Whether the hook function (and its qualifier, when it names one) exists in the region. Asked with
   * GetFunctionConfiguration rather than GetFunction, which would also grant a download of the function's code.
   */
  private boolean hookExists(String function, Region region) {
    try {
      aws.lambda(region).getFunctionConfiguration(r -> r.functionName(function));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    } catch (SdkException e) {
      throw AwsFailures.translate(e, "look up hook function " + function, region);
    }
  }

  /** Whether the alias sends any traffic to $LATEST, as its version or in its weighted routing. */
  private static boolean onLatest(GetAliasResponse alias) {
    return LATEST.equals(alias.functionVersion()) || (alias.routingConfig() != null
        && alias.routingConfig().hasAdditionalVersionWeights()
        && alias.routingConfig().additionalVersionWeights().containsKey(LATEST));
  }

  /**
   * The account of the worker's credentials, asked once per pre-flight and only when needed: for a spec
   * that names an account, or for a release policy's function ARNs.
   */
  private String callerAccount(Region region) {
    return AwsFailures.call("ask STS which account the worker's credentials are in", region,
        () -> aws.sts(region).getCallerIdentity()).account();
  }

  @Override
  public AlarmCheck checkAlarms(AlarmCheckRequest request) {
    return new AlarmCheck(firing(request.region(), request.alarms()));
  }

  @Override
  public AlarmWatchResult watchAlarms(AlarmWatchRequest request) {
    return AlarmPolling.watch(request, region -> firing(region, request.alarms()));
  }

  private List<FiringAlarm> firing(Region region, List<String> names) {
    List<FiringAlarm> out = new ArrayList<>();
    if (names.isEmpty()) {
      return out;
    }
    // CloudWatch's StateValue filter is not applied together with AlarmNames by every implementation
    // (moto ignores it): read all of them and filter here.
    for (MetricAlarm a : describe(region, names).metricAlarms()) {
      if (a.stateValue() == StateValue.ALARM && names.contains(a.alarmName())) {
        out.add(new FiringAlarm(a.alarmName(), region, a.stateReason()));
      }
    }
    return out;
  }

  private DescribeAlarmsResponse describe(Region region, List<String> names) {
    return AwsFailures.call("describe alarms " + String.join(", ", names), region,
        () -> aws.cloudWatch(region).describeAlarms(r -> r.alarmNames(names)));
  }
}
