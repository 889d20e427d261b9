package dev.shepherd.sim;

import java.time.Duration;

import dev.shepherd.cloud.HookActivities;
import dev.shepherd.cloud.HookRequest;
import dev.shepherd.cloud.HookResult;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.LambdaFunctionName;
import dev.shepherd.spec.Region;
import java.util.concurrent.TimeUnit;

/**
 * Smoke-test hooks in the simulated cloud. A hook passes unless {@link SimulatedCloud#failHook} says it fails in
 * its region; either way it is recorded as {@link CloudCall#RUN_HOOK} with its answer. As on AWS, a hook function the
 * cloud does not hold (with its qualifier) is {@code NOT_FOUND}, and one named by an ARN of another region than
 * the one it runs in is {@code INVALID_REQUEST}; {@link SimulatedCloud#failCall} and {@link
 * SimulatedCloud#failCallTransiently} on {@link CloudCall#RUN_HOOK} make the invoke itself fail, as Lambda refusing or
 * throttling it would.
 */
public record SimHookActivities(SimulatedCloud cloud) implements HookActivities {

  @Override
  public HookResult runHook(HookRequest request) {
    long start = System.nanoTime();
    Region region = request.region();
    String function = request.hookFunction();
    String point = request.point().key();
    LambdaFunctionName name = LambdaFunctionName.parse(function).orElseThrow(() -> FailureType.INVALID_REQUEST
        .failure("hook " + point + " names \"" + function + "\", which is not a Lambda function name or ARN"));
    if (name.region() != null && !name.region().equals(region)) {
      throw FailureType.INVALID_REQUEST.failure("hook " + point + " function " + function + " is in " + name.region()
          + ", but it would test the release in " + region);
    }
    cloud.pause();
    Duration takes = cloud.hookDuration(region, request.point());
    if (!takes.isZero()) {
      try {
        Thread.sleep(takes.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    cloud.check(CloudCall.RUN_HOOK, region);
    if (!cloud.lambda().qualifiedFunctionExists(region, name.name(), name.qualifier())) {
      throw FailureType.NOT_FOUND.failure("invoke " + point + " hook " + function + " in " + region
          + ": not found. Create it, or fix its name in the release spec.");
    }
    String failure = cloud.hookFailure(region, request.point());
    String tested = point + " hook " + function + " on version " + request.newVersion()
        + (request.alias() == null ? "" : " of " + request.alias().function() + ":" + request.alias().alias());
    cloud.record(CloudCall.RUN_HOOK, region, tested + ": " + (failure == null ? "passed" : "failed: " + failure));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    return failure == null ? new HookResult(true, "Succeeded", millis) : new HookResult(false, failure, millis);
  }
}
