package dev.shepherd.aws;

import dev.shepherd.cloud.AlarmCheck;
import dev.shepherd.cloud.AlarmCheckRequest;
import dev.shepherd.cloud.AlarmWatchRequest;
import dev.shepherd.cloud.AlarmWatchResult;
import dev.shepherd.cloud.FiringAlarm;
import dev.shepherd.cloud.HealthActivities;
import dev.shepherd.cloud.PreflightRequest;
import dev.shepherd.cloud.PreflightResult;
import dev.shepherd.provider.AlarmPolling;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.AppConfigFlagTarget;
import dev.shepherd.spec.BuildStepSpec;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** Pre-flight and CloudWatch alarms. */
public final class AwsHealthActivities implements HealthActivities {

  private final AwsClients aws;

  public AwsHealthActivities(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public PreflightResult preflight(PreflightRequest request) {
    ReleaseSpec spec = request.spec();
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    List<String> missing = new ArrayList<>();
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
    for (Region region : spec.allRegions()) {
      // A heartbeat per region: with many regions, a worker that dies half-way is noticed in seconds.
      ctx.heartbeat(region.code());
      try {
        aws.lambda(region).getAlias(r -> r.functionName(function).name(alias));
        found += 2;
      } catch (ResourceNotFoundException e) {
        missing.add("Lambda function " + function + " with alias " + alias + " in " + region);
      } catch (SdkException e) {
        throw AwsFailures.translate(e, "look up " + function + ":" + alias, region);
      }
      if (!spec.alarms().isEmpty()) {
        Set<String> present = new HashSet<>();
        for (MetricAlarm a : describe(region, spec.alarms()).metricAlarms()) {
          present.add(a.alarmName());
        }
        for (String name : spec.alarms()) {
          if (present.contains(name)) found++; else missing.add("CloudWatch alarm " + name + " in " + region);
        }
      }
    }
    if (spec.flag() != null && spec.flag().appconfig() != null) {
      Region region = spec.flag().region() != null ? spec.flag().region() : first;
      AppConfigFlagTarget target = spec.flag().appconfig();
      try {
        new AppConfigFlags(aws).locate(new dev.shepherd.cloud.FlagTarget(region, null, target));
        found++;
      } catch (io.temporal.failure.ApplicationFailure e) {
        if (!FailureType.NOT_FOUND.name().equals(e.getType())) {
          throw e;
        }
        missing.add(e.getOriginalMessage());
      }
    }
    // An SSM flag parameter may be absent: the release creates it, and the rollback deletes it again.
    if (!missing.isEmpty()) {
      throw FailureType.PREFLIGHT_FAILED.failure("missing " + missing.size() + ": " + String.join("; ", missing)
          + ". Nothing was changed.");
    }
    return new PreflightResult(found);
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
