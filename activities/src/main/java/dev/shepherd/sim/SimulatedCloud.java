package dev.shepherd.sim;

import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.FiringAlarm;
import dev.shepherd.cloud.FlagTarget;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.cloud.HookPoint;
import dev.shepherd.cloud.Notification;
import dev.shepherd.cloud.RollbackTarget;
import dev.shepherd.cloud.UndoOutcome;
import dev.shepherd.cloud.UndoResult;
import dev.shepherd.provider.FlagUndo;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.AppConfigFlagTarget;
import dev.shepherd.spec.HookSpec;
import dev.shepherd.spec.LambdaFunctionName;
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
 * per region; with configurable latency and injectable faults (the fault plan, kept apart in {@code SimFaults}).
 * The simulated provider's activities act on it, so the demo and the workflow tests see the same
 * behaviour as the AWS provider without AWS. Like Lambda, every write to an alias gives it a new
 * revision ({@code rev-N}), and versions keep the description they were published with. Tests can also
 * act as an operator behind the release's back ({@link #moveAlias}, {@link #deleteAlias}, {@link
 * #putFlag}...). Thread-safe: activities run concurrently.
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
  /** Sent notifications, in order, once per id (a retried send is not recorded again). */
  private final Map<String, Notification> notifications = new LinkedHashMap<>();
  private final Map<String, Duration> hookDurations = new HashMap<>();
  private final SimFaults faults = new SimFaults();
  private int buildCounter;
  /** Alias revisions are unique in the whole cloud, so a deleted and recreated alias never matches an old one. */
  private int aliasRevisions;
  private boolean autoProvision;
  /** The error rate of every version the fault plan does not degrade. */
  static final double BASE_ERROR_RATE = 0.002;
  private long metricsSeed;
  private int requestsPerMinute = 1000;

  public SimulatedCloud() {
    this(Clock.systemUTC());
  }

  public SimulatedCloud(Clock clock) {
    this.clock = clock;
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
          if (name != null && !cloud.functions.containsKey(key(region, name.name()))) {
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
    FunctionState f = newFunction(function);
    putAlias(f, alias, AliasState.of("1"));
    functions.put(key(region, function), f);
    return this;
  }

  /** A function with version 1 published and no alias, such as a smoke-test hook's. */
  public synchronized SimulatedCloud addFunction(Region region, String function) {
    functions.put(key(region, function), newFunction(function));
    return this;
  }

  public synchronized SimulatedCloud addAlarm(Region region, String name) {
    alarms.computeIfAbsent(region.code(), r -> new LinkedHashMap<>()).put(name, new AlarmState());
    return this;
  }

  /** Sets a flag's value by hand: before the release, or behind its back. */
  public synchronized SimulatedCloud putFlag(FlagTarget target, String value) {
    flags.put(flagKey(target), value);
    return this;
  }

  // --- faults ---

  /**
   * Makes a step fail in a region (any region when null), permanently: a non-retryable failure of the
   * given type, every time.
   */
  public SimulatedCloud failStep(Step step, Region region, FailureType type) {
    return failStep(step, region, type, Integer.MAX_VALUE);
  }

  /** Makes a step fail non-retryably the next {@code times} times, then work. */
  public SimulatedCloud failStep(Step step, Region region, FailureType type, int times) {
    faults.failStep(step, region, type, times);
    return this;
  }

  /** Makes a step fail {@code times} times with a retryable (throttling) error, then work. */
  public SimulatedCloud failStepTransiently(Step step, Region region, int times) {
    faults.failStepTransiently(step, region, times);
    return this;
  }

  /**
   * Sets an alarm to ALARM {@code delay} after {@code afterStep} happens in {@code afterRegion} (any
   * region when null); right away when {@code afterStep} is null.
   */
  public SimulatedCloud tripAlarm(Region region, String alarm, Step afterStep, Region afterRegion, Duration delay) {
    faults.tripAlarm(region, alarm, afterStep, afterRegion, delay, clock.instant());
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
   * {@link Step#RUN_HOOK} with its answer: a failed hook is the hook's answer, not a fault of the cloud.
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
    faults.clearTrips(region, alarm);
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
  public synchronized SimulatedCloud moveAlias(Region region, String function, String alias, AliasState state) {
    FunctionState f = function(region, function);
    if (!f.aliases.containsKey(alias)) {
      throw new IllegalArgumentException("no alias " + alias + " of " + function + " in " + region);
    }
    for (String v : new String[] {state.version(), state.canaryVersion()}) {
      if (v != null && !v.equals("$LATEST")) {
        f.versions.computeIfAbsent(Integer.parseInt(v), n -> new Version(sha("hand-made version " + n), "published by hand"));
      }
    }
    putAlias(f, alias, state);
    return this;
  }

  /** Someone deletes the alias. */
  public synchronized SimulatedCloud deleteAlias(Region region, String function, String alias) {
    function(region, function).aliases.remove(alias);
    return this;
  }

  /** Someone (re)creates the alias on a version, with a new revision; the version is published if missing. */
  public synchronized SimulatedCloud createAlias(Region region, String function, String alias, String version) {
    FunctionState f = function(region, function);
    f.versions.computeIfAbsent(Integer.parseInt(version), n -> new Version(sha("hand-made version " + n), "published by hand"));
    putAlias(f, alias, AliasState.of(version));
    return this;
  }

  /** Someone deletes the flag. */
  public synchronized SimulatedCloud deleteFlag(FlagTarget target) {
    flags.remove(flagKey(target));
    return this;
  }

  // --- what tests and the demo look at ---

  /** Where the alias points now, or null when it does not exist. */
  public synchronized AliasState alias(Region region, String function, String alias) {
    provision(region, function, alias);
    AliasEntry a = function(region, function).aliases.get(alias);
    return a == null ? null : a.state;
  }

  /** The alias's revision ({@code rev-N}), which changes on every write; null when it does not exist. */
  public synchronized String aliasRevision(Region region, String function, String alias) {
    provision(region, function, alias);
    AliasEntry a = function(region, function).aliases.get(alias);
    return a == null ? null : a.revision;
  }

  /** The published versions of a function, lowest first. */
  public synchronized List<String> versions(Region region, String function) {
    return function(region, function).versions.keySet().stream().map(String::valueOf).toList();
  }

  /** The description a version was published with ("" when none), or null when there is no such version. */
  public synchronized String versionDescription(Region region, String function, String version) {
    Version v = function(region, function).versions.get(parseVersion(version));
    return v == null ? null : v.description;
  }

  public synchronized FlagValue flag(FlagTarget target) {
    String v = flags.get(flagKey(target));
    return v == null ? FlagValue.absent() : FlagValue.of(v);
  }

  /** Every operation so far, oldest first. */
  public synchronized List<Operation> operations() {
    return List.copyOf(operations);
  }

  /** Every smoke-test hook run so far ({@link Step#RUN_HOOK}), oldest first, with its answer in its detail. */
  public synchronized List<Operation> hookRuns() {
    return operations.stream().filter(o -> o.step() == Step.RUN_HOOK).toList();
  }

  /**
   * Every notification sent so far, oldest first, each once: a send with the id of one already sent (a retried
   * activity) is not recorded again, as the real channels do not deliver it again. A send that failed by a
   * planned fault ({@code failStep(Step.NOTIFY, ...)}, {@code failStepTransiently(Step.NOTIFY, ...)}) is not
   * recorded.
   */
  public synchronized List<Notification> notifications() {
    return List.copyOf(notifications.values());
  }

  /** How many builds were started. */
  public synchronized int buildsStarted() {
    return builds.size();
  }

  // --- the operations, called by the simulated activities ---

  synchronized long metricsSeed() {
    return metricsSeed;
  }

  synchronized int requestsPerMinute() {
    return requestsPerMinute;
  }

  /** Why the hook fails now, if the fault plan says it does (counting it down); null when it passes. */
  /** Makes the hook at this point in this region take this long before it answers (a slow smoke test). */
  public synchronized SimulatedCloud slowHook(Region region, HookPoint point, Duration duration) {
    hookDurations.put(region.code() + "/" + point, duration);
    return this;
  }

  /** How long the hook at this point in this region takes before it answers, beyond the cloud's latency. */
  synchronized Duration hookDuration(Region region, HookPoint point) {
    return hookDurations.getOrDefault(region.code() + "/" + point, Duration.ZERO);
  }

  String hookFailure(Region region, HookPoint point) {
    return faults.hookFailure(region, point);
  }

  synchronized CanaryDegradation canaryDegradation(Region region) {
    return faults.canaryDegradation(region);
  }

  /**
   * The share of the alias's traffic that a version took at an instant (0 to 1), from where the alias
   * pointed then: every write to an alias is remembered with the time it was made, and before the first one
   * the alias is taken to have pointed where it was first seen.
   */
  synchronized double trafficShare(Region region, String function, String alias, String version, Instant at) {
    provision(region, function, alias);
    FunctionState f = functions.get(key(region, function));
    TreeMap<Instant, AliasState> history = f == null ? null : f.aliasHistory.get(alias);
    if (history == null || history.isEmpty()) {
      return 0;
    }
    var entry = history.floorEntry(at);
    AliasState state = (entry != null ? entry : history.firstEntry()).getValue();
    if (version.equals(state.canaryVersion())) {
      return state.canaryPercent() / 100.0;
    }
    if (version.equals(state.version())) {
      return state.canaryVersion() == null ? 1 : (100 - state.canaryPercent()) / 100.0;
    }
    return 0;
  }

  /**
   * Fails the step now if the fault plan says so. The fault is recorded as {@link Step#FAULT} (the step
   * in its detail), not as the step: the log's steps are what the cloud did.
   */
  synchronized void check(Step step, Region region) {
    ApplicationFailure f = faults.stepFault(step, region);
    if (f != null) {
      record(Step.FAULT, region, step + (f.isNonRetryable() ? " failed (" + f.getType() + ")" : " throttled"));
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

  synchronized void record(Step step, Region region, String detail) {
    Instant now = clock.instant();
    operations.add(new Operation(step, region, detail, now));
    faults.stepDone(step, region, now);
  }

  /** Records a sent notification; false when one with its id was sent before. */
  synchronized boolean recordNotification(Notification notification) {
    return notifications.putIfAbsent(notification.id(), notification) == null;
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

  /**
   * Whether the function exists with this qualifier: a version number, an alias, or {@code $LATEST} (null: the
   * function alone). An auto-provisioned cloud has every qualifier a function is asked with.
   */
  synchronized boolean qualifiedFunctionExists(Region region, String function, String qualifier) {
    if (!functionExists(region, function)) {
      return false;
    }
    if (qualifier == null || qualifier.equals("$LATEST") || autoProvision) {
      return true;
    }
    FunctionState f = functions.get(key(region, function));
    if (qualifier.chars().allMatch(Character::isDigit)) {
      try {
        return f.versions.containsKey(Integer.parseInt(qualifier));
      } catch (NumberFormatException tooLarge) {
        return false;
      }
    }
    return f.aliases.containsKey(qualifier);
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
      functions.put(key(region, function), newFunction(function));
    }
    FunctionState f = functions.get(key(region, function));
    if (alias != null && !f.aliases.containsKey(alias)) {
      putAlias(f, alias, AliasState.of("1"));
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

  /**
   * Publishes the latest code as a new version with this description; a version this release published
   * with this code (its description names the release) is returned instead, so a retry publishes nothing
   * new. An older version with the same code is not reused: its configuration could be stale.
   */
  synchronized String publish(Region region, String function, String expectedSha, String description,
      String releaseId) {
    FunctionState f = function(region, function);
    if (expectedSha != null && !expectedSha.equals(f.latestSha)) {
      throw FailureType.INVALID_REQUEST.failure("code of " + function + " in " + region
          + " changed since the update (expected " + expectedSha + ")");
    }
    for (var e : f.versions.entrySet()) {
      if (e.getValue().sha.equals(f.latestSha)
          && dev.shepherd.provider.AliasUndo.namesRelease(e.getValue().description, releaseId)) {
        return String.valueOf(e.getKey());
      }
    }
    int next = f.versions.lastKey() + 1;
    f.versions.put(next, new Version(f.latestSha, description == null ? "" : description));
    return String.valueOf(next);
  }

  /**
   * Reads an alias: where it points and its revision.
   *
   * @throws ApplicationFailure non-retryable {@code NOT_FOUND} when the function or the alias does not exist
   */
  synchronized RollbackTarget readAlias(Region region, String function, String alias) {
    provision(region, function, alias);
    AliasEntry a = function(region, function).aliases.get(alias);
    if (a == null) {
      throw FailureType.NOT_FOUND.failure("alias " + function + ":" + alias + " does not exist in " + region
          + ". Create it, or fix its name in the release spec.");
    }
    return new RollbackTarget(a.state, a.revision);
  }

  /**
   * Writes an alias if it still has the revision it was read with (as Lambda's UpdateAlias with
   * RevisionId): a write that raced another one fails retryably, so that the next attempt reads again.
   *
   * @param revision the revision read; null writes unconditionally
   */
  synchronized AliasState writeAlias(Region region, String function, String alias, AliasState state, String revision) {
    provision(region, function, alias);
    FunctionState f = function(region, function);
    AliasEntry current = f.aliases.get(alias);
    if (current == null) {
      throw FailureType.NOT_FOUND.failure("alias " + function + ":" + alias + " does not exist in " + region
          + ". Create it, or fix its name in the release spec.");
    }
    if (revision != null && !revision.equals(current.revision)) {
      throw ApplicationFailure.newFailure("alias " + function + ":" + alias + " in " + region
          + " changed while it was being written (revision " + revision + " is now " + current.revision
          + "); reading it again", SimFaults.THROTTLING);
    }
    for (String v : new String[] {state.version(), state.canaryVersion()}) {
      if (v != null && !f.versions.containsKey(parseVersion(v))) {
        throw FailureType.INVALID_REQUEST.failure("version " + v + " of " + function + " does not exist in " + region);
      }
    }
    putAlias(f, alias, state);
    return state;
  }

  /**
   * The alarms among {@code names} in ALARM in a region.
   *
   * @throws ApplicationFailure retryable, when the fault plan makes this read fail
   */
  synchronized List<FiringAlarm> firing(Region region, List<String> names) {
    ApplicationFailure fault = faults.alarmReadFault(region);
    if (fault != null) {
      record(Step.FAULT, region, "alarm read throttled");
      throw fault;
    }
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
      if (faults.tripped(region, name, now)) {
        a.inAlarm = true;
        a.reason = "Threshold Crossed: simulated fault tripped " + name;
      }
      if (a.inAlarm) {
        out.add(new FiringAlarm(name, region, a.reason));
      }
    }
    return out;
  }

  /**
   * Puts a flag back to {@code previous} if it still holds {@code written}, in one step (see {@link
   * FlagUndo#decide}).
   *
   * @return what was done, and the value found
   */
  synchronized UndoResult restoreFlag(FlagTarget target, FlagValue previous, String written) {
    FlagValue found = flag(target);
    UndoOutcome outcome = FlagUndo.decide(found, previous, written);
    if (outcome == UndoOutcome.RESTORED) {
      writeFlag(target, previous);
    }
    return new UndoResult(outcome, found.toString());
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

  private FunctionState newFunction(String function) {
    FunctionState f = new FunctionState();
    f.latestSha = sha("initial code of " + function);
    f.versions.put(1, new Version(f.latestSha, ""));
    return f;
  }

  private void putAlias(FunctionState f, String alias, AliasState state) {
    f.aliases.put(alias, new AliasEntry(state, "rev-" + (++aliasRevisions)));
    f.aliasHistory.computeIfAbsent(alias, a -> new TreeMap<>()).put(clock.instant(), state);
  }

  private static int parseVersion(String version) {
    try {
      return Integer.parseInt(version);
    } catch (NumberFormatException e) {
      throw FailureType.INVALID_REQUEST.failure("\"" + version + "\" is not a version number");
    }
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
    final TreeMap<Integer, Version> versions = new TreeMap<>();
    final Map<String, AliasEntry> aliases = new HashMap<>();
    /** Where each alias pointed, by when it was written: the simulated metrics split traffic by it. */
    final Map<String, TreeMap<Instant, AliasState>> aliasHistory = new HashMap<>();
    String latestSha;
    int revision = 1;
  }

  private record Version(String sha, String description) {}

  private record AliasEntry(AliasState state, String revision) {}

  private static final class AlarmState {
    boolean inAlarm;
    String reason;
  }

  private record BuildRecord(String project, String artifact) {}
}
