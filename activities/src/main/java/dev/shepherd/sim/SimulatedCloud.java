package dev.shepherd.sim;

import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.FlagLocation;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.cloud.HookPoint;
import dev.shepherd.cloud.Notification;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.HookSpec;
import dev.shepherd.spec.LambdaFunctionName;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory cloud with Lambda functions and aliases, CloudWatch alarms, CodeBuild projects and flags,
 * per region; with configurable latency and injectable faults (the fault plan, kept apart in {@code SimFaults}).
 * The simulated provider's activities act on it, so the demo and the workflow tests see the same
 * behaviour as the AWS provider without AWS. Like Lambda, every write to an alias gives it a new
 * revision ({@code rev-N}), and versions keep the description they were published with. Tests can also
 * act as an operator behind the release's back ({@link #moveAlias}, {@link #deleteAlias}, {@link
 * #putFlag}...). Thread-safe: activities run concurrently.
 *
 * <p>Each service keeps its own state ({@link SimLambda}, {@link SimCloudWatch}, {@link SimCodeBuild}, {@link
 * SimFlags}); the activities act on them through this cloud, which also holds what spans them: latency, the
 * fault plan and the log of operations.
 */
public final class SimulatedCloud {

  private final Clock clock;
  private volatile Duration latency = Duration.ZERO;
  private final SimFaults faults = new SimFaults();
  private final SimOperationLog log;
  private final SimLambda lambda;
  private final SimCloudWatch cloudWatch;
  private final SimCodeBuild codeBuild;
  private final SimFlags flags = new SimFlags();
  /** Sent notifications, in order, once per id (a retried send is not recorded again). */
  private final Map<String, Notification> notifications = new LinkedHashMap<>();
  private final Map<String, Duration> hookDurations = new HashMap<>();
  /** The error rate of every version the fault plan does not degrade. */
  static final double BASE_ERROR_RATE = 0.002;
  private long metricsSeed;
  private int requestsPerMinute = 1000;

  public SimulatedCloud() {
    this(Clock.systemUTC());
  }

  public SimulatedCloud(Clock clock) {
    this(clock, false);
  }

  private SimulatedCloud(Clock clock, boolean autoProvision) {
    this.clock = clock;
    this.log = new SimOperationLog(clock, faults);
    this.lambda = new SimLambda(clock, autoProvision);
    this.cloudWatch = new SimCloudWatch(clock, autoProvision, faults, log);
    this.codeBuild = new SimCodeBuild(autoProvision);
  }

  /**
   * A cloud holding everything the spec names: its projects, its function with the alias on version
   * {@code 1} in every region, its alarms (all OK), and its smoke-test hook functions (which pass).
   */
  public static SimulatedCloud forSpec(ReleaseSpec spec) {
    SimulatedCloud cloud = new SimulatedCloud();
    if (spec.build() != null) {
      cloud.addProject(spec.build().codebuild().project());
    }
    if (spec.test() != null) {
      cloud.addProject(spec.test().codebuild().project());
    }
    for (Region region : spec.allRegions()) {
      cloud.addFunction(region, spec.deploy().lambda().function(), spec.deploy().lambda().alias());
      for (String alarm : spec.alarms()) {
        cloud.addAlarm(region, alarm);
      }
      if (spec.hooks() != null) {
        for (HookSpec hook : new HookSpec[] {spec.hooks().beforeTraffic(), spec.hooks().afterTraffic()}) {
          LambdaFunctionName name = hook == null ? null : LambdaFunctionName.parse(hook.function()).orElse(null);
          if (name != null && !cloud.lambda.functionExists(region, name.name())) {
            cloud.addFunction(region, name.name());
          }
        }
      }
    }
    return cloud;
  }

  // --- set-up ---

  /**
   * A cloud in which everything a release names exists as soon as it is asked for: any project, any
   * function with its alias on version 1, any alarm (OK). For a simulated worker that serves any spec.
   */
  public static SimulatedCloud autoProvisioned() {
    return new SimulatedCloud(Clock.systemUTC(), true);
  }

  /** Every simulated call takes this long (0 by default). */
  public SimulatedCloud latency(Duration latency) {
    this.latency = latency;
    return this;
  }

  public SimulatedCloud addProject(String project) {
    codeBuild.addProject(project);
    return this;
  }

  /** A function with version 1 published and the alias on it. */
  public SimulatedCloud addFunction(Region region, String function, String alias) {
    lambda.addFunction(region, function, alias);
    return this;
  }

  /** A function with version 1 published and no alias, such as a smoke-test hook's. */
  public SimulatedCloud addFunction(Region region, String function) {
    lambda.addFunction(region, function);
    return this;
  }

  public SimulatedCloud addAlarm(Region region, String name) {
    cloudWatch.addAlarm(region, name);
    return this;
  }

  /** Sets a flag's value by hand: before the release, or behind its back. */
  public SimulatedCloud putFlag(FlagLocation target, String value) {
    flags.put(target, value);
    return this;
  }

  // --- faults ---

  /**
   * Makes a call fail in a region (any region when null), permanently: a non-retryable failure of the
   * given type, every time.
   */
  public SimulatedCloud failCall(CloudCall call, Region region, FailureType type) {
    return failCall(call, region, type, Integer.MAX_VALUE);
  }

  /** Makes a call fail non-retryably the next {@code times} times, then work. */
  public SimulatedCloud failCall(CloudCall call, Region region, FailureType type, int times) {
    faults.failCall(call, region, type, times);
    return this;
  }

  /** Makes a call fail {@code times} times with a retryable (throttling) error, then work. */
  public SimulatedCloud failCallTransiently(CloudCall call, Region region, int times) {
    faults.failCallTransiently(call, region, times);
    return this;
  }

  /**
   * Sets an alarm to ALARM {@code delay} after {@code afterCall} happens in {@code afterRegion} (any
   * region when null); right away when {@code afterCall} is null.
   */
  public SimulatedCloud tripAlarm(Region region, String alarm, CloudCall afterCall, Region afterRegion, Duration delay) {
    faults.tripAlarm(region, alarm, afterCall, afterRegion, delay, clock.instant());
    return this;
  }

  /**
   * Makes the next {@code times} reads of a region's alarms (any region when null) fail with a
   * retryable throttling error, as CloudWatch does under load. Every read counts: each poll of an alarm
   * watch reads each of its regions once, and so does an alarm check.
   */
  public SimulatedCloud failAlarmReads(Region region, int times) {
    faults.failAlarmReads(region, times);
    return this;
  }

  /** Makes every read of a region's alarms (any region when null) fail until {@link #clearAlarmReadFaults}. */
  public SimulatedCloud failAlarmReadsUntilCleared(Region region) {
    return failAlarmReads(region, Integer.MAX_VALUE);
  }

  /** Lets the alarms of a region (every region when null) be read again. */
  public SimulatedCloud clearAlarmReadFaults(Region region) {
    faults.clearAlarmReadFaults(region);
    return this;
  }

  /**
   * Makes the smoke-test hook at {@code point} (every point when null) answer that it failed, with {@code
   * reason}, in a region (every region when null), every time it runs. The hook still runs, and is recorded as
   * {@link CloudCall#RUN_HOOK} with its answer: a failed hook is the hook's answer, not a fault of the cloud.
   */
  public SimulatedCloud failHook(Region region, HookPoint point, String reason) {
    return failHook(region, point, reason, Integer.MAX_VALUE);
  }

  /**
   * Makes the hook answer that it failed the next {@code times} times it runs, then pass; as {@link
   * #failHook(Region, HookPoint, String)}.
   */
  public SimulatedCloud failHook(Region region, HookPoint point, String reason, int times) {
    faults.failHook(region, point, reason, times);
    return this;
  }

  /** Lets the hooks of a region (every region when null) pass again. */
  public SimulatedCloud clearHookFaults(Region region) {
    faults.clearHookFaults(region);
    return this;
  }

  /** Sets an alarm to ALARM now. */
  public SimulatedCloud setAlarm(Region region, String alarm, String reason) {
    cloudWatch.setAlarm(region, alarm, reason);
    return this;
  }

  /** Sets an alarm back to OK. */
  public SimulatedCloud clearAlarm(Region region, String alarm) {
    cloudWatch.clearAlarm(region, alarm);
    return this;
  }

  /**
   * Makes the canary of a region (every region when null) worse than its baseline in the metrics canary
   * analysis reads ({@code SimAnalysisActivities}); null makes it like its baseline again. The canary is the
   * version a read names as such.
   */
  public SimulatedCloud degradeCanary(Region region, CanaryDegradation degradation) {
    faults.degradeCanary(region, degradation);
    return this;
  }

  /** The seed of the simulated metrics: the same seed, the same figures (0 by default). */
  public synchronized SimulatedCloud metricsSeed(long seed) {
    this.metricsSeed = seed;
    return this;
  }

  /** How many requests an alias takes per minute in the simulated metrics (1000 by default). */
  public synchronized SimulatedCloud requestsPerMinute(int requests) {
    this.requestsPerMinute = requests;
    return this;
  }

  // --- an operator, behind the release's back ---

  /**
   * Someone points the alias at a version by hand, with all traffic (a hotfix, a manual rollback). The
   * alias gets a new revision. A version that does not exist yet is published first, as if by hand
   * (its description says so), so that a test can name any version; {@code $LATEST} is not a version and
   * is never published.
   */
  public SimulatedCloud moveAlias(Region region, String function, String alias, String version) {
    return moveAlias(region, function, alias, AliasState.of(version));
  }

  /** Someone sets the alias to this state by hand (routing included); as {@link #moveAlias(Region, String, String, String)}. */
  public SimulatedCloud moveAlias(Region region, String function, String alias, AliasState state) {
    lambda.moveAlias(region, function, alias, state);
    return this;
  }

  /** Someone deletes the alias. */
  public SimulatedCloud deleteAlias(Region region, String function, String alias) {
    lambda.deleteAlias(region, function, alias);
    return this;
  }

  /** Someone (re)creates the alias on a version, with a new revision; the version is published if missing. */
  public SimulatedCloud createAlias(Region region, String function, String alias, String version) {
    lambda.createAlias(region, function, alias, version);
    return this;
  }

  /** Someone deletes the flag. */
  public SimulatedCloud deleteFlag(FlagLocation target) {
    flags.delete(target);
    return this;
  }

  // --- what tests and the demo look at ---

  /** Where the alias points now, or null when it does not exist. */
  public AliasState alias(Region region, String function, String alias) {
    return lambda.alias(region, function, alias);
  }

  /** The alias's revision ({@code rev-N}), which changes on every write; null when it does not exist. */
  public String aliasRevision(Region region, String function, String alias) {
    return lambda.aliasRevision(region, function, alias);
  }

  /** The published versions of a function, lowest first. */
  public List<String> versions(Region region, String function) {
    return lambda.versions(region, function);
  }

  /** The description a version was published with ("" when none), or null when there is no such version. */
  public String versionDescription(Region region, String function, String version) {
    return lambda.versionDescription(region, function, version);
  }

  public FlagValue flag(FlagLocation target) {
    return flags.flag(target);
  }

  /** Every operation so far, oldest first. */
  public List<Operation> operations() {
    return log.operations();
  }

  /** Every smoke-test hook run so far ({@link CloudCall#RUN_HOOK}), oldest first, with its answer in its detail. */
  public List<Operation> hookRuns() {
    return log.hookRuns();
  }

  /**
   * Every notification sent so far, oldest first, each once: a send with the id of one already sent (a retried
   * activity) is not recorded again, as the real channels do not deliver it again. A send that failed by a
   * planned fault ({@code failCall(CloudCall.NOTIFY, ...)}, {@code failCallTransiently(CloudCall.NOTIFY, ...)}) is not
   * recorded.
   */
  public synchronized List<Notification> notifications() {
    return List.copyOf(notifications.values());
  }

  /** How many builds were started. */
  public int buildsStarted() {
    return codeBuild.buildsStarted();
  }

  // --- the operations, called by the simulated activities ---

  synchronized long metricsSeed() {
    return metricsSeed;
  }

  synchronized int requestsPerMinute() {
    return requestsPerMinute;
  }

  /** Makes the hook at this point in this region take this long before it answers (a slow smoke test). */
  public synchronized SimulatedCloud slowHook(Region region, HookPoint point, Duration duration) {
    hookDurations.put(region.code() + "/" + point, duration);
    return this;
  }

  /** How long the hook at this point in this region takes before it answers, beyond the cloud's latency. */
  synchronized Duration hookDuration(Region region, HookPoint point) {
    return hookDurations.getOrDefault(region.code() + "/" + point, Duration.ZERO);
  }

  /** Why the hook fails now, if the fault plan says it does (counting it down); null when it passes. */
  String hookFailure(Region region, HookPoint point) {
    return faults.hookFailure(region, point);
  }

  synchronized CanaryDegradation canaryDegradation(Region region) {
    return faults.canaryDegradation(region);
  }

  SimLambda lambda() {
    return lambda;
  }

  SimCloudWatch cloudWatch() {
    return cloudWatch;
  }

  SimCodeBuild codeBuild() {
    return codeBuild;
  }

  SimFlags flags() {
    return flags;
  }

  /**
   * Fails the call now if the fault plan says so. The fault is recorded as {@link CloudCall#FAULT} (the call
   * in its detail), not as the call: the log's calls are what the cloud did.
   */
  synchronized void check(CloudCall call, Region region) {
    ApplicationFailure f = faults.callFault(call, region);
    if (f != null) {
      record(CloudCall.FAULT, region, call + (f.isNonRetryable() ? " failed (" + f.getType() + ")" : " throttled"));
      throw f;
    }
  }

  void pause() {
    Duration d = latency;
    if (!d.isZero()) {
      try {
        Thread.sleep(d.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  void record(CloudCall call, Region region, String detail) {
    log.record(call, region, detail);
  }

  /** Records a sent notification; false when one with its id was sent before. */
  synchronized boolean recordNotification(Notification notification) {
    return notifications.putIfAbsent(notification.id(), notification) == null;
  }

  /** As {@link SimLambda#writeAlias}; tests race a write with it. */
  AliasState writeAlias(Region region, String function, String alias, AliasState state, String revision) {
    return lambda.writeAlias(region, function, alias, state, revision);
  }
}
