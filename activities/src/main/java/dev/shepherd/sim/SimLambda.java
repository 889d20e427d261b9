package dev.shepherd.sim;

import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.RollbackTarget;
import dev.shepherd.provider.AliasUndo;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.Region;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Lambda functions of a {@link SimulatedCloud}, per region: their code, published versions and aliases. Like
 * Lambda, every write to an alias gives it a new revision ({@code rev-N}), and versions keep the description they
 * were published with. Kept apart from the cloud's other services, which share nothing with it. Thread-safe.
 */
final class SimLambda {

  private final Clock clock;
  private final boolean autoProvision;
  private final Map<String, FunctionState> functions = new HashMap<>();
  /** Alias revisions are unique in the whole cloud, so a deleted and recreated alias never matches an old one. */
  private int aliasRevisions;

  SimLambda(Clock clock, boolean autoProvision) {
    this.clock = clock;
    this.autoProvision = autoProvision;
  }

  // --- set-up, and an operator behind the release's back ---

  /** A function with version 1 published and the alias on it. */
  synchronized void addFunction(Region region, String function, String alias) {
    FunctionState f = newFunction(function);
    putAlias(f, alias, AliasState.of("1"));
    functions.put(key(region, function), f);
  }

  /** A function with version 1 published and no alias, such as a smoke-test hook's. */
  synchronized void addFunction(Region region, String function) {
    functions.put(key(region, function), newFunction(function));
  }

  /** See {@link SimulatedCloud#moveAlias(Region, String, String, AliasState)}. */
  synchronized void moveAlias(Region region, String function, String alias, AliasState state) {
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
  }

  synchronized void deleteAlias(Region region, String function, String alias) {
    function(region, function).aliases.remove(alias);
  }

  /** See {@link SimulatedCloud#createAlias}. */
  synchronized void createAlias(Region region, String function, String alias, String version) {
    FunctionState f = function(region, function);
    f.versions.computeIfAbsent(Integer.parseInt(version), n -> new Version(sha("hand-made version " + n), "published by hand"));
    putAlias(f, alias, AliasState.of(version));
  }

  // --- reads ---

  /** Where the alias points now, or null when it does not exist. */
  synchronized AliasState alias(Region region, String function, String alias) {
    provision(region, function, alias);
    AliasEntry a = function(region, function).aliases.get(alias);
    return a == null ? null : a.state;
  }

  /** The alias's revision ({@code rev-N}), which changes on every write; null when it does not exist. */
  synchronized String aliasRevision(Region region, String function, String alias) {
    provision(region, function, alias);
    AliasEntry a = function(region, function).aliases.get(alias);
    return a == null ? null : a.revision;
  }

  /** The published versions of a function, lowest first. */
  synchronized List<String> versions(Region region, String function) {
    return function(region, function).versions.keySet().stream().map(String::valueOf).toList();
  }

  /** The description a version was published with ("" when none), or null when there is no such version. */
  synchronized String versionDescription(Region region, String function, String version) {
    Version v = function(region, function).versions.get(parseVersion(version));
    return v == null ? null : v.description;
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

  // --- the operations, called by the simulated activities ---

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
          && AliasUndo.namesRelease(e.getValue().description, releaseId)) {
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

  /** The SHA-256 of an artifact (hex), standing in for the code hash Lambda reports. */
  static String sha(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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

  private FunctionState function(Region region, String function) {
    provision(region, function, null);
    FunctionState f = functions.get(key(region, function));
    if (f == null) {
      throw FailureType.NOT_FOUND.failure("function " + function + " does not exist in " + region);
    }
    return f;
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
}
