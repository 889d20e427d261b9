package dev.shepherd.sim;

import dev.shepherd.cloud.AlarmCheck;
import dev.shepherd.cloud.AlarmCheckRequest;
import dev.shepherd.cloud.AlarmWatchRequest;
import dev.shepherd.cloud.AlarmWatchResult;
import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.FiringAlarm;
import dev.shepherd.cloud.HealthActivities;
import dev.shepherd.cloud.HookPoint;
import dev.shepherd.cloud.PreflightRequest;
import dev.shepherd.cloud.PreflightResult;
import dev.shepherd.policy.ApplicationPolicy;
import dev.shepherd.policy.PolicyCheck;
import dev.shepherd.provider.AlarmPolling;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.HookSpec;
import dev.shepherd.spec.LambdaFunctionName;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import java.util.ArrayList;
import java.util.List;

/** Pre-flight and alarms in the simulated cloud. */
public record SimHealthActivities(SimulatedCloud cloud) implements HealthActivities {

  /**
   * The account the simulated cloud is in, as the AWS provider learns the worker's from STS: a release
   * policy's function ARNs are judged in it. It is the account moto answers with, so that a policy written
   * for the emulator reads the same in the simulation.
   */
  public static final String ACCOUNT = "123456789012";

  private static final String LATEST = "$LATEST";

  /**
   * Looks up everything the spec names (smoke-test hook functions included), refuses an alias that serves
   * {@code $LATEST} or a function ARN (deployed or hook) of another region, and, with a release policy, what the
   * policy does not allow ({@link PolicyCheck}, in {@link #ACCOUNT}). Every problem is listed in one failure, the
   * policy's first.
   */
  @Override
  public PreflightResult preflight(PreflightRequest request) {
    ReleaseSpec spec = request.spec();
    ApplicationPolicy policy = request.policy();
    cloud.pause();
    cloud.check(CloudCall.PREFLIGHT, null);
    List<String> missing = new ArrayList<>();
    int found = 0;
    for (String project : projects(spec)) {
      if (cloud.codeBuild().projectExists(project)) found++; else missing.add("CodeBuild project " + project);
    }
    String fn = spec.deploy().lambda().function();
    String alias = spec.deploy().lambda().alias();
    // The AWS provider's refusals that need no account or parameter types, which the simulated cloud has not.
    List<String> refused = new ArrayList<>();
    Region arnRegion = LambdaFunctionName.parse(fn).map(LambdaFunctionName::region).orElse(null);
    for (Region region : spec.allRegions()) {
      if (arnRegion != null && !arnRegion.equals(region)) {
        refused.add("Lambda function " + fn + " is in " + arnRegion + ", but the release deploys it to " + region);
      } else if (!cloud.lambda().functionExists(region, fn)) {
        missing.add("Lambda function " + fn + " in " + region);
      } else if (!cloud.lambda().aliasExists(region, fn, alias)) {
        missing.add("alias " + fn + ":" + alias + " in " + region);
      } else {
        found += 2;
        AliasState a = cloud.alias(region, fn, alias);
        if (LATEST.equals(a.version()) || LATEST.equals(a.canaryVersion())) {
          refused.add("alias " + fn + ":" + alias + " in " + region + " serves $LATEST; point it at a published version");
        }
      }
      for (String alarm : spec.alarms()) {
        if (cloud.cloudWatch().alarmExists(region, alarm)) found++; else missing.add("CloudWatch alarm " + alarm + " in " + region);
      }
      for (HookPoint point : HookPoint.values()) {
        HookSpec hook = spec.hooks() == null ? null
            : point == HookPoint.BEFORE_TRAFFIC ? spec.hooks().beforeTraffic() : spec.hooks().afterTraffic();
        if (hook == null || hook.function() == null) {
          continue;
        }
        String path = "hooks." + point.key() + ".function";
        LambdaFunctionName name = LambdaFunctionName.parse(hook.function()).orElse(null);
        if (name == null) {
          refused.add(path + ": " + hook.function() + " is not a Lambda function name or ARN");
        } else if (name.region() != null && !name.region().equals(region)) {
          refused.add(path + ": Lambda function " + hook.function() + " is in " + name.region()
              + ", but the release runs its hooks in " + region + " too");
        } else if (cloud.lambda().qualifiedFunctionExists(region, name.name(), name.qualifier())) {
          found++;
        } else {
          missing.add(path + ": Lambda function " + hook.function() + " in " + region);
        }
      }
    }
    List<String> forbidden = policy == null ? List.of() : PolicyCheck.violations(spec, policy, ACCOUNT);
    if (!forbidden.isEmpty() || !missing.isEmpty() || !refused.isEmpty()) {
      cloud.record(CloudCall.PREFLIGHT, null, (forbidden.isEmpty() ? "" : "not allowed " + forbidden + ", ")
          + "missing " + missing + ", refused " + refused);
      List<String> parts = new ArrayList<>();
      if (!forbidden.isEmpty()) {
        parts.add("release policy " + (policy.digest() != null ? policy.digest() : "of " + policy.application())
            + " does not allow " + forbidden.size() + ": " + String.join("; ", forbidden));
      }
      if (!missing.isEmpty()) parts.add("missing: " + String.join(", ", missing));
      if (!refused.isEmpty()) parts.add("refused (a rollback could not undo it safely): " + String.join(", ", refused));
      throw FailureType.PREFLIGHT_FAILED.failure(String.join("; ", parts));
    }
    cloud.record(CloudCall.PREFLIGHT, null, found + " resources found");
    return new PreflightResult(found);
  }

  @Override
  public AlarmCheck checkAlarms(AlarmCheckRequest request) {
    cloud.pause();
    cloud.check(CloudCall.CHECK_ALARMS, request.region());
    List<FiringAlarm> firing = cloud.cloudWatch().firing(request.region(), request.alarms());
    cloud.record(CloudCall.CHECK_ALARMS, request.region(), firing.isEmpty() ? "quiet" : firing.toString());
    return new AlarmCheck(firing);
  }

  @Override
  public AlarmWatchResult watchAlarms(AlarmWatchRequest request) {
    for (Region region : request.regions()) {
      cloud.check(CloudCall.WATCH_ALARMS, region);
      cloud.record(CloudCall.WATCH_ALARMS, region, request.deadline() != null ? "until " + request.deadline() : "until cancelled");
    }
    return AlarmPolling.watch(request, region -> {
      List<FiringAlarm> firing = cloud.cloudWatch().firing(region, request.alarms());
      if (!firing.isEmpty()) {
        cloud.record(CloudCall.WATCH_ALARMS, region, "ALARM " + firing.get(0).name());
      }
      return firing;
    });
  }

  private static List<String> projects(ReleaseSpec spec) {
    List<String> out = new ArrayList<>();
    if (spec.build() != null) out.add(spec.build().codebuild().project());
    if (spec.test() != null) out.add(spec.test().codebuild().project());
    return out;
  }

}
