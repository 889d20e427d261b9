package dev.shepherd.sim;

import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.FiringAlarm;
import dev.shepherd.cloud.FlagTarget;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.AppConfigFlagTarget;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-memory cloud with Lambda functions and aliases, CloudWatch alarms, CodeBuild projects and flags,
 * per region; with configurable latency and injectable faults. The simulated provider's activities act
 * on it, so the demo and the workflow tests see the same behaviour as the AWS provider without AWS.
 * Thread-safe: activities run concurrently.
 */
public final class SimulatedCloud {

  private final Clock clock;
  private volatile Duration latency = Duration.ZERO;
  private final Map<String, FunctionState> functions = new HashMap<>();
  private final Map<String, Map<String, AlarmState>> alarms = new HashMap<>();
  private final Map<String, String> flags = new HashMap<>();
  private final List<String> projects = new ArrayList<>();
  private final Map<String, BuildRecord> builds = new LinkedHashMap<>();
  private final List<Operation> operations = new ArrayList<>();
  private final List<StepFault> faults = new ArrayList<>();
  private final List<AlarmTrip> trips = new ArrayList<>();
  private int buildCounter;
  private boolean autoProvision;

  public SimulatedCloud() {
    this(Clock.systemUTC());
  }

  public SimulatedCloud(Clock clock) {
    this.clock = clock;
  }

  /**
   * A cloud holding everything the spec names: its projects, its function with the alias on version
   * {@code 1} in every region, and its alarms (all OK).
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
    }
    return cloud;
  }

  // --- set-up ---

  /**
   * A cloud in which everything a release names exists as soon as it is asked for: any project, any
   * function with its alias on version 1, any alarm (OK). For a simulated worker that serves any spec.
   */
  public static SimulatedCloud autoProvisioned() {
    SimulatedCloud cloud = new SimulatedCloud();
    cloud.autoProvision = true;
    return cloud;
  }

  /** Every simulated call takes this long (0 by default). */
  public SimulatedCloud latency(Duration latency) {
    this.latency = latency;
    return this;
  }

  public synchronized SimulatedCloud addProject(String project) {
    projects.add(project);
    return this;
  }

  /** A function with version 1 published and the alias on it. */
  public synchronized SimulatedCloud addFunction(Region region, String function, String alias) {
    FunctionState f = new FunctionState();
    f.latestSha = sha("initial code of " + function);
    f.versions.put(1, f.latestSha);
    f.aliases.put(alias, AliasState.of("1"));
    functions.put(key(region, function), f);
    return this;
  }

  public synchronized SimulatedCloud addAlarm(Region region, String name) {
    alarms.computeIfAbsent(region.code(), r -> new LinkedHashMap<>()).put(name, new AlarmState());
    return this;
  }

  /** Sets a flag's value as if someone had set it before the release. */
  public synchronized SimulatedCloud putFlag(FlagTarget target, String value) {
    flags.put(flagKey(target), value);
    return this;
  }

  // --- faults ---

  /**
   * Makes a step fail in a region (any region when null), permanently: a non-retryable failure of the
   * given type, every time.
   */
  public synchronized SimulatedCloud failStep(Step step, Region region, FailureType type) {
    return failStep(step, region, type, Integer.MAX_VALUE);
  }

  /** Makes a step fail non-retryably the next {@code times} times, then work. */
  public synchronized SimulatedCloud failStep(Step step, Region region, FailureType type, int times) {
    faults.add(new StepFault(step, region, type, times, false));
    return this;
  }

  /** Makes a step fail {@code times} times with a retryable (throttling) error, then work. */
  public synchronized SimulatedCloud failStepTransiently(Step step, Region region, int times) {
    faults.add(new StepFault(step, region, null, times, true));
    return this;
  }

  /**
   * Sets an alarm to ALARM {@code delay} after {@code afterStep} happens in {@code afterRegion} (any
   * region when null); right away when {@code afterStep} is null.
   */
  public synchronized SimulatedCloud tripAlarm(Region region, String alarm, Step afterStep, Region afterRegion, Duration delay) {
    AlarmTrip trip = new AlarmTrip(region, alarm, afterStep, afterRegion, delay);
    trips.add(trip);
    if (afterStep == null) {
      trip.arm(clock.instant());
    }
    return this;
  }

  /** Sets an alarm to ALARM now. */
  public synchronized SimulatedCloud setAlarm(Region region, String alarm, String reason) {
    AlarmState a = alarm(region, alarm);
    a.inAlarm = true;
    a.reason = reason;
    return this;
  }

  /** Sets an alarm back to OK. */
  public synchronized SimulatedCloud clearAlarm(Region region, String alarm) {
    AlarmState a = alarm(region, alarm);
    a.inAlarm = false;
    a.reason = null;
    trips.removeIf(t -> t.region.equals(region) && t.alarm.equals(alarm));
    return this;
  }

  // --- what tests and the demo look at ---

  /** Where the alias points now. */
  public synchronized AliasState alias(Region region, String function, String alias) {
    provision(region, function, alias);
    return function(region, function).aliases.get(alias);
  }

  /** The published versions of a function, lowest first. */
  public synchronized List<String> versions(Region region, String function) {
    return function(region, function).versions.keySet().stream().map(String::valueOf).toList();
  }

  public synchronized FlagValue flag(FlagTarget target) {
    String v = flags.get(flagKey(target));
    return v == null ? FlagValue.absent() : FlagValue.of(v);
  }

  /** Every operation so far, oldest first. */
  public synchronized List<Operation> operations() {
    return List.copyOf(operations);
  }

  /** How many builds were started. */
  public synchronized int buildsStarted() {
    return builds.size();
  }

  // --- the operations, called by the simulated activities ---

  synchronized void check(Step step, Region region) {
    for (StepFault f : faults) {
      if (f.step == step && (f.region == null || f.region.equals(region)) && f.remaining > 0) {
        f.remaining--;
        String where = region != null ? " in " + region : "";
        record(step, region, f.retryable ? "throttled" : "failed (" + f.type + ")");
        if (f.retryable) {
          throw ApplicationFailure.newFailure("simulated throttling of " + step + where + ": Rate exceeded",
              "Throttling");
        }
        throw f.type.failure("simulated " + f.type + " of " + step + where);
      }
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

  synchronized void record(Step step, Region region, String detail) {
    Instant now = clock.instant();
    operations.add(new Operation(step, region, detail, now));
    for (AlarmTrip t : trips) {
      if (t.armedAt == null && t.afterStep == step && (t.afterRegion == null || t.afterRegion.equals(region))) {
        t.arm(now);
      }
    }
  }

  synchronized boolean projectExists(String project) {
    if (autoProvision && !projects.contains(project)) {
      projects.add(project);
    }
    return projects.contains(project);
  }

  synchronized Optional<String> buildFor(String buildId) {
    BuildRecord b = builds.get(buildId);
    return b == null ? Optional.empty() : Optional.of(b.artifact);
  }

  synchronized String startBuild(String project, String releaseId, String version) {
    String id = project + ":" + (++buildCounter);
    builds.put(id, new BuildRecord(project, "sim://artifacts/" + releaseId + "/" + version + "/build-" + buildCounter + ".zip"));
    return id;
  }

  synchronized boolean functionExists(Region region, String function) {
    provision(region, function, null);
    return functions.containsKey(key(region, function));
  }

  synchronized boolean aliasExists(Region region, String function, String alias) {
    provision(region, function, alias);
    FunctionState f = functions.get(key(region, function));
    return f != null && f.aliases.containsKey(alias);
  }

  synchronized boolean alarmExists(Region region, String alarm) {
    if (autoProvision && !alarms.getOrDefault(region.code(), Map.of()).containsKey(alarm)) {
      addAlarm(region, alarm);
    }
    return alarms.getOrDefault(region.code(), Map.of()).containsKey(alarm);
  }

  private void provision(Region region, String function, String alias) {
    if (!autoProvision) {
      return;
    }
    if (!functions.containsKey(key(region, function))) {
      FunctionState f = new FunctionState();
      f.latestSha = sha("initial code of " + function);
      f.versions.put(1, f.latestSha);
      functions.put(key(region, function), f);
    }
    if (alias != null) {
      functions.get(key(region, function)).aliases.putIfAbsent(alias, AliasState.of("1"));
    }
  }

  synchronized String updateCode(Region region, String function, String artifact) {
    FunctionState f = function(region, function);
    f.latestSha = sha(artifact);
    f.revision++;
    return f.latestSha;
  }

  synchronized String revision(Region region, String function) {
    return "rev-" + function(region, function).revision;
  }

  synchronized String publish(Region region, String function, String expectedSha) {
    FunctionState f = function(region, function);
    if (expectedSha != null && !expectedSha.equals(f.latestSha)) {
      throw FailureType.INVALID_REQUEST.failure("code of " + function + " in " + region
          + " changed since the update (expected " + expectedSha + ")");
    }
    for (var e : f.versions.entrySet()) {
      if (e.getValue().equals(f.latestSha)) {
        return String.valueOf(e.getKey());
      }
    }
    int next = f.versions.lastKey() + 1;
    f.versions.put(next, f.latestSha);
    return String.valueOf(next);
  }

  synchronized AliasState setAlias(Region region, String function, String alias, AliasState state) {
    provision(region, function, alias);
    FunctionState f = function(region, function);
    if (!f.aliases.containsKey(alias)) {
      throw FailureType.NOT_FOUND.failure("alias " + alias + " of " + function + " does not exist in " + region);
    }
    for (String v : new String[] {state.version(), state.canaryVersion()}) {
      if (v != null && !f.versions.containsKey(Integer.parseInt(v))) {
        throw FailureType.INVALID_REQUEST.failure("version " + v + " of " + function + " does not exist in " + region);
      }
    }
    f.aliases.put(alias, state);
    return state;
  }

  synchronized List<FiringAlarm> firing(Region region, List<String> names) {
    Instant now = clock.instant();
    for (String name : names) {
      alarmExists(region, name);
    }
    List<FiringAlarm> out = new ArrayList<>();
    for (String name : names) {
      AlarmState a = alarms.getOrDefault(region.code(), Map.of()).get(name);
      if (a == null) {
        continue;
      }
      for (AlarmTrip t : trips) {
        if (t.region.equals(region) && t.alarm.equals(name) && t.armedAt != null
            && !now.isBefore(t.armedAt.plus(t.delay))) {
          a.inAlarm = true;
          a.reason = "Threshold Crossed: simulated fault tripped " + name;
        }
      }
      if (a.inAlarm) {
        out.add(new FiringAlarm(name, region, a.reason));
      }
    }
    return out;
  }

  synchronized void writeFlag(FlagTarget target, FlagValue value) {
    if (value.exists()) {
      flags.put(flagKey(target), value.value());
    } else {
      flags.remove(flagKey(target));
    }
  }

  private FunctionState function(Region region, String function) {
    provision(region, function, null);
    FunctionState f = functions.get(key(region, function));
    if (f == null) {
      throw FailureType.NOT_FOUND.failure("function " + function + " does not exist in " + region);
    }
    return f;
  }

  private AlarmState alarm(Region region, String alarm) {
    AlarmState a = alarms.getOrDefault(region.code(), Map.of()).get(alarm);
    if (a == null) {
      throw new IllegalArgumentException("no alarm " + alarm + " in " + region);
    }
    return a;
  }

  private static String key(Region region, String function) {
    return region.code() + "|" + function;
  }

  private static String flagKey(FlagTarget t) {
    AppConfigFlagTarget a = t.appconfig();
    String what = t.ssm() != null ? "ssm:" + t.ssm().parameter()
        : "appconfig:" + a.application() + "/" + a.environment() + "/" + a.profile() + "#" + a.flag();
    return Objects.toString(t.region()) + "|" + what;
  }

  static String sha(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class FunctionState {
    final TreeMap<Integer, String> versions = new TreeMap<>();
    final Map<String, AliasState> aliases = new HashMap<>();
    String latestSha;
    int revision = 1;
  }

  private static final class AlarmState {
    boolean inAlarm;
    String reason;
  }

  private record BuildRecord(String project, String artifact) {}

  private static final class StepFault {
    final Step step;
    final Region region;
    final FailureType type;
    final boolean retryable;
    int remaining;

    StepFault(Step step, Region region, FailureType type, int times, boolean retryable) {
      this.step = step;
      this.region = region;
      this.type = type;
      this.remaining = times;
      this.retryable = retryable;
    }
  }

  private static final class AlarmTrip {
    final Region region;
    final String alarm;
    final Step afterStep;
    final Region afterRegion;
    final Duration delay;
    Instant armedAt;

    AlarmTrip(Region region, String alarm, Step afterStep, Region afterRegion, Duration delay) {
      this.region = region;
      this.alarm = alarm;
      this.afterStep = afterStep;
      this.afterRegion = afterRegion;
      this.delay = delay;
    }

    void arm(Instant at) {
      armedAt = at;
    }
  }
}
