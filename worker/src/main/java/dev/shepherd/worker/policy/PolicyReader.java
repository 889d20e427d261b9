package dev.shepherd.worker.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.identity.Proof;
import dev.shepherd.policy.ApplicationPolicy;
import dev.shepherd.policy.ResourceAllowance;
import dev.shepherd.spec.Durations;
import dev.shepherd.spec.SpecValidator;
import dev.shepherd.worker.reading.DocumentSchema;
import dev.shepherd.worker.reading.SchemaCheck;
import dev.shepherd.worker.reading.Wording;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Turns a policy file's YAML tree into a {@link ReleasePolicy}, collecting every problem before giving up,
 * each with the path of its field ({@code applications.payments.approve.rest[0]}).
 */
final class PolicyReader {

  /** Application, group and gate names: what the spec allows for its application and wave names. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final String GROUP_PREFIX = "group:";
  /** The structure of a policy: its keys, which are required, what kind of value each takes. */
  private static final DocumentSchema SCHEMA = DocumentSchema.load("policy.schema.json");

  private final Path file;
  private final List<String> problems = new ArrayList<>();
  /** What the schema finds wrong, reported field by field as they are read. */
  private SchemaCheck schema;

  /** Identity to the person who lists it, and where. */
  private final Map<String, Listed> personByIdentity = new LinkedHashMap<>();
  private final Set<String> peopleNames = new LinkedHashSet<>();
  /** Group name to its members as written. */
  private final Map<String, List<Member>> groups = new LinkedHashMap<>();
  private final Map<String, Set<String>> expandedGroups = new HashMap<>();
  private boolean groupCycle;

  private record Listed(String person, String path) {}

  /** A reference to a person or, with {@code group:}, a group; already checked. */
  private record Member(String name, boolean group) {}

  private PolicyReader(Path file) {
    this.file = file;
  }

  static ReleasePolicy read(Path file) {
    PolicyFile read = PolicyFile.read(file);
    return new PolicyReader(file).policy(read);
  }

  private ReleasePolicy policy(PolicyFile read) {
    JsonNode doc = read.document();
    if (!doc.isObject()) {
      throw new PolicyException(file, List.of(file + ": must be a mapping of identity, people, groups and"
          + " applications (found " + found(doc) + ")"));
    }
    String digest = ReleasePolicy.digestOf(read.bytes());
    schema = SCHEMA.check(doc, WORDING, finding -> false);
    report("");

    Set<String> accepted = new LinkedHashSet<>();
    Path allowedSigners = null;
    List<URI> sts = new ArrayList<>();
    Duration maxProofAge = ReleasePolicy.DEFAULT_MAX_PROOF_AGE;
    JsonNode identity = doc.get("identity");
    if (readable(identity, "identity")) {
      accepted = accept(identity.get("accept"));
      allowedSigners = allowedSigners(identity.get("allowedSigners"), accepted.contains(Proof.SSH));
      sts = stsEndpoints(identity.get("stsEndpoints"), accepted.contains(Proof.AWS));
      maxProofAge = maxProofAge(identity.get("maxProofAge"));
    }

    readPeople(doc.get("people"));
    readGroups(doc.get("groups"));
    checkGroupCycles();

    Map<String, ApplicationPolicy> applications = new LinkedHashMap<>();
    JsonNode apps = doc.get("applications");
    if (readable(apps, "applications")) {
      for (Map.Entry<String, JsonNode> app : apps.properties()) {
        String path = path("applications", app.getKey());
        if (!app.getKey().equals(ReleasePolicy.EVERY_OTHER_APPLICATION) && !NAME.matcher(app.getKey()).matches()) {
          problems.add(path + ": \"" + app.getKey() + "\" is not an application name (1-64 letters, digits, '.',"
              + " '_' or '-', starting with a letter or digit) nor \"*\" for every other application");
        }
        ApplicationPolicy policy = application(app.getKey(), app.getValue(), path, digest);
        if (policy != null) {
          applications.put(app.getKey(), policy);
        }
      }
    }

    schema.rest().forEach(p -> problems.add(p.toString()));
    if (!problems.isEmpty()) {
      throw new PolicyException(file, problems);
    }
    Map<String, String> persons = new HashMap<>();
    personByIdentity.forEach((identityName, listed) -> persons.put(identityName, listed.person()));
    return new ReleasePolicy(file, digest, accepted, allowedSigners, sts, maxProofAge, persons, applications);
  }

  // --- identity --------------------------------------------------------------------------------------

  private Set<String> accept(JsonNode node) {
    Set<String> accepted = new LinkedHashSet<>();
    if (!readable(node, "identity.accept")) {
      return accepted;
    }
    List<String> methods = texts(node, "identity.accept");
    for (int i = 0; i < methods.size(); i++) {
      String method = methods.get(i);
      String path = "identity.accept[" + i + "]";
      if (method == null || !readable(node.get(i), path)) {
        continue;
      }
      if (!accepted.add(method)) {
        problems.add(path + ": \"" + method + "\" is listed twice");
      }
    }
    return accepted;
  }

  private Path allowedSigners(JsonNode node, boolean sshAccepted) {
    String path = "identity.allowedSigners";
    if (absent(node)) {
      if (sshAccepted) {
        problems.add(path + ": required when accept includes ssh (the ssh-keygen allowed-signers file,"
            + " relative to the policy file)");
      }
      return null;
    }
    if (!readable(node, path)) {
      return null;
    }
    String name = node.textValue();
    if (!sshAccepted) {
      problems.add(path + ": is set but identity.accept does not include ssh; remove it or accept ssh");
      return null;
    }
    if (name.isBlank()) {
      problems.add(path + ": must not be empty");
      return null;
    }
    Path resolved;
    try {
      Path dir = file.toAbsolutePath().getParent();
      resolved = dir == null ? Path.of(name) : dir.resolve(name);
    } catch (InvalidPathException e) {
      problems.add(path + ": \"" + name + "\" is not a file name (" + e.getReason() + ")");
      return null;
    }
    String at = path + ": " + resolved + ": ";
    if (Files.isDirectory(resolved)) {
      problems.add(at + "is a directory, not an allowed-signers file");
    } else if (!Files.isRegularFile(resolved)) {
      problems.add(at + (Files.exists(resolved) ? "is not a regular file (a pipe, a device or a socket)"
          : "file not found"));
    } else if (!Files.isReadable(resolved)) {
      problems.add(at + "cannot read: permission denied");
    }
    return resolved;
  }

  private List<URI> stsEndpoints(JsonNode node, boolean awsAccepted) {
    List<URI> endpoints = new ArrayList<>();
    String path = "identity.stsEndpoints";
    if (!readable(node, path)) {
      return endpoints;
    }
    List<String> urls = texts(node, path);
    if (!urls.isEmpty() && !awsAccepted) {
      problems.add(path + ": lists endpoints but identity.accept does not include aws; remove them or accept aws");
      return endpoints;
    }
    for (int i = 0; i < urls.size(); i++) {
      String url = urls.get(i);
      if (url == null) {
        continue;
      }
      String at = path + "[" + i + "]: \"" + url + "\" ";
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        problems.add(at + "is not a URL (e.g. https://sts.eu-west-1.amazonaws.com)");
        continue;
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
        problems.add(at + "is not an https URL with a host (e.g. https://sts.eu-west-1.amazonaws.com)");
      } else if (scheme.equals("http") && !isLoopback(uri.getHost())) {
        problems.add(at + "is plain http; an STS answer vouches for who someone is, so only https is trusted"
            + " (http only on localhost, for tests)");
      } else if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        problems.add(at + "must not carry user info, a query or a fragment; give the endpoint alone");
      } else {
        endpoints.add(uri);
      }
    }
    return endpoints;
  }

  private static boolean isLoopback(String host) {
    return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }

  private Duration maxProofAge(JsonNode node) {
    String path = "identity.maxProofAge";
    if (!readable(node, path)) {
      return ReleasePolicy.DEFAULT_MAX_PROOF_AGE;
    }
    Duration d = duration(node, path);
    if (d == null) {
      return ReleasePolicy.DEFAULT_MAX_PROOF_AGE;
    }
    if (d.isNegative() || d.isZero()) {
      problems.add(path + ": " + Durations.format(d) + " must be longer than zero");
    } else if (d.compareTo(ReleasePolicy.MAX_PROOF_AGE) > 0) {
      problems.add(path + ": " + Durations.format(d) + " is longer than the maximum of 1h");
    }
    return d;
  }

  // --- people and groups -----------------------------------------------------------------------------

  private void readPeople(JsonNode node) {
    if (!readable(node, "people")) {
      return;
    }
    node.fieldNames().forEachRemaining(peopleNames::add);
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String person = entry.getKey();
      String path = path("people", person);
      String bad = personNameProblem(person);
      if (bad != null) {
        problems.add(path + ": " + bad);
      }
      if (!readable(entry.getValue(), path)) {
        continue;
      }
      List<String> identities = texts(entry.getValue(), path);
      for (int i = 0; i < identities.size(); i++) {
        String identity = identities.get(i);
        String at = path + "[" + i + "]";
        if (identity == null) {
          continue;
        }
        String wrong = identityProblem(identity);
        if (wrong != null) {
          problems.add(at + ": " + wrong);
          continue;
        }
        if (identity.equals(person)) {
          continue; // A person's own name is theirs already.
        }
        if (peopleNames.contains(identity)) {
          problems.add(at + ": \"" + identity + "\" is another person's own name (" + path("people", identity)
              + "); a person's name is always theirs");
          continue;
        }
        Listed earlier = personByIdentity.putIfAbsent(identity, new Listed(person, at));
        if (earlier != null) {
          problems.add(at + ": \"" + identity + (earlier.person().equals(person)
              ? "\" is listed twice for " + person + " (" + earlier.path() + ")"
              : "\" is listed for both " + earlier.person() + " (" + earlier.path() + ") and " + person
                  + "; an identity belongs to one person"));
        }
      }
    }
  }

  private void readGroups(JsonNode node) {
    if (!readable(node, "groups")) {
      return;
    }
    // Every group name first, so that a group may name one defined after it.
    Set<String> names = new LinkedHashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String path = path("groups", entry.getKey());
      if (!NAME.matcher(entry.getKey()).matches()) {
        problems.add(path + ": \"" + entry.getKey() + "\" is not a group name (1-64 letters, digits, '.', '_'"
            + " or '-', starting with a letter or digit)");
      }
      groups.put(entry.getKey(), members(entry.getValue(), path, names));
    }
  }

  /** Reports each group cycle once, at the first group of the cycle reached. */
  private void checkGroupCycles() {
    Set<String> done = new LinkedHashSet<>();
    for (String group : groups.keySet()) {
      findCycles(group, new ArrayDeque<>(), done);
    }
  }

  private void findCycles(String group, Deque<String> trail, Set<String> done) {
    if (done.contains(group)) {
      return;
    }
    if (trail.contains(group)) {
      List<String> cycle = new ArrayList<>();
      boolean in = false;
      for (Iterator<String> it = trail.descendingIterator(); it.hasNext(); ) {
        String g = it.next();
        in |= g.equals(group);
        if (in) {
          cycle.add(g);
        }
      }
      cycle.add(group);
      groupCycle = true;
      problems.add(path("groups", group) + ": groups form a cycle: " + String.join(" -> ", cycle)
          + "; a group may not contain itself");
      return;
    }
    trail.push(group);
    for (Member m : groups.getOrDefault(group, List.of())) {
      if (m.group() && groups.containsKey(m.name())) {
        findCycles(m.name(), trail, done);
      }
    }
    trail.pop();
    done.add(group);
  }

  /** Everyone a group stands for, through the groups it names. Only called once cycles are ruled out. */
  private Set<String> expand(String group) {
    Set<String> known = expandedGroups.get(group);
    if (known != null) {
      return known;
    }
    Set<String> people = new TreeSet<>();
    for (Member m : groups.getOrDefault(group, List.of())) {
      if (m.group()) {
        people.addAll(expand(m.name()));
      } else {
        people.add(m.name());
      }
    }
    expandedGroups.put(group, people);
    return people;
  }

  /**
   * The people or groups a list names, checked: a group must be defined; a person's name must not be one of
   * another person's identities, nor a group's name written without {@code group:}. Null when the node is
   * not a list.
   */
  private List<Member> members(JsonNode node, String path, Set<String> groupNames) {
    List<Member> members = new ArrayList<>();
    if (!readable(node, path)) {
      return members;
    }
    List<String> names = texts(node, path);
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String at = path + "[" + i + "]: ";
      if (name == null) {
        continue;
      }
      if (name.startsWith(GROUP_PREFIX)) {
        String group = name.substring(GROUP_PREFIX.length());
        if (group.isEmpty()) {
          problems.add(at + "\"" + name + "\" names no group; write group:NAME");
        } else if (!groupNames.contains(group)) {
          problems.add(at + "group \"" + group + "\" is not defined in groups");
        } else {
          members.add(new Member(group, true));
        }
        continue;
      }
      String bad = personNameProblem(name);
      if (bad != null) {
        problems.add(at + bad);
      } else if (personByIdentity.containsKey(name)) {
        String person = personByIdentity.get(name).person();
        problems.add(at + "\"" + name + "\" is one of " + person + "'s identities (" + personByIdentity.get(name).path()
            + "); name the person, " + person);
      } else if (groupNames.contains(name) && !peopleNames.contains(name)) {
        problems.add(at + "\"" + name + "\" is a group; write \"group:" + name + "\"");
      } else {
        members.add(new Member(name, false));
      }
    }
    return members;
  }

  /** Why a text cannot be a person's name, or null when it can be. */
  private static String personNameProblem(String name) {
    if (name.isBlank()) {
      return "a person's name must not be empty";
    }
    if (name.equals("*")) {
      return "\"*\" is not a person; name people, or groups as group:NAME";
    }
    if (name.startsWith(GROUP_PREFIX)) {
      return "\"" + name + "\" is not a person's name: group: begins a group";
    }
    if (name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      return "\"" + name + "\" is not a person's name: it contains whitespace";
    }
    return null;
  }

  /** Why a text cannot be an identity (an ARN or principal), or null when it can be. */
  private static String identityProblem(String identity) {
    if (identity.isBlank()) {
      return "an identity must not be empty";
    }
    if (identity.startsWith(GROUP_PREFIX)) {
      return "\"" + identity + "\" is a group; people lists a person's other identities (ARNs, SSH principals)";
    }
    if (identity.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      return "\"" + identity + "\" is not an identity: it contains whitespace";
    }
    return null;
  }

  // --- applications ----------------------------------------------------------------------------------

  private ApplicationPolicy application(String name, JsonNode node, String path, String digest) {
    if (absent(node)) {
      problems.add(path + ": is empty; give at least start (who may start a release of it)");
      return null;
    }
    if (!readable(node, path)) {
      return null;
    }
    List<String> starters = List.of();
    JsonNode start = node.get("start");
    report(path + ".start");
    if (start != null) {
      // A start with no value lets nobody, as an empty list does.
      starters = peopleNamedBy(start, path + ".start");
    }

    Map<String, List<String>> approvers = new LinkedHashMap<>();
    JsonNode approve = node.get("approve");
    if (readable(approve, path + ".approve")) {
      for (Map.Entry<String, JsonNode> gate : approve.properties()) {
        String gatePath = path(path + ".approve", gate.getKey());
        if (!gate.getKey().equals("*") && !NAME.matcher(gate.getKey()).matches()) {
          problems.add(gatePath + ": \"" + gate.getKey() + "\" is not a gate name (a wave's name, flag, or \"*\""
              + " for every gate without its own entry)");
        }
        approvers.put(gate.getKey(), peopleNamedBy(gate.getValue(), gatePath));
      }
    }

    boolean selfApproval = false;
    JsonNode self = node.get("selfApproval");
    if (readable(self, path + ".selfApproval")) {
      selfApproval = self.booleanValue();
    }

    Duration minBake = Duration.ZERO;
    JsonNode bake = node.get("minBake");
    if (readable(bake, path + ".minBake")) {
      Duration d = duration(bake, path + ".minBake");
      if (d != null && d.isNegative()) {
        problems.add(path + ".minBake: " + Durations.format(d) + " is negative; give zero or more");
      } else if (d != null && d.compareTo(SpecValidator.MAX_BAKE) > 0) {
        problems.add(path + ".minBake: " + Durations.format(d) + " is longer than the longest bake a spec may"
            + " have (" + Durations.format(SpecValidator.MAX_BAKE) + "), so no release could meet it");
      } else if (d != null) {
        minBake = d;
      }
    }

    // Four eyes needs gates: by default every wave after the first (the canary wave) waits for an approval.
    String waveApprovals = ApplicationPolicy.AFTER_FIRST;
    boolean flagApproval = false;
    JsonNode require = node.get("requireApproval");
    if (readable(require, path + ".requireApproval")) {
      JsonNode waves = require.get("waves");
      if (readable(waves, path + ".requireApproval.waves")) {
        waveApprovals = waves.textValue();
      }
      JsonNode flag = require.get("flag");
      if (readable(flag, path + ".requireApproval.flag")) {
        flagApproval = flag.booleanValue();
      }
    }

    ResourceAllowance resources = resources(node.get("resources"), path + ".resources");
    return new ApplicationPolicy(name, digest, starters, approvers, selfApproval, minBake, resources, waveApprovals,
        flagApproval);
  }

  /** The people a list of people and groups stands for, sorted, each once. */
  private List<String> peopleNamedBy(JsonNode node, String path) {
    Set<String> people = new TreeSet<>();
    for (Member m : members(node, path, groups.keySet())) {
      if (!m.group()) {
        people.add(m.name());
      } else if (!groupCycle) {
        // With a cycle the policy is refused anyway; expanding it would never end.
        people.addAll(expand(m.name()));
      }
    }
    return List.copyOf(people);
  }

  private ResourceAllowance resources(JsonNode node, String path) {
    if (!readable(node, path)) {
      return ResourceAllowance.NONE;
    }
    return new ResourceAllowance(
        patterns(node.get("functions"), path + ".functions", f -> !f.startsWith("arn:") && f.contains(":")
            ? "\"" + f + "\" does not begin arn:, so it is matched against the function's name, which has no ':';"
                + " write the whole ARN (arn:aws:lambda:<region>:<account>:function:<name>)"
            : null),
        patterns(node.get("ssmParameters"), path + ".ssmParameters", prefix -> prefix.contains("*")
            ? "\"" + prefix + "\" is a prefix, not a pattern: '*' matches only itself; write the path the"
                + " parameters are under, e.g. /payments/"
            : null),
        patterns(node.get("appConfigApplications"), path + ".appConfigApplications", p -> null),
        patterns(node.get("codeBuildProjects"), path + ".codeBuildProjects", p -> null),
        patterns(node.get("snsTopics"), path + ".snsTopics", t -> t.startsWith("arn:") ? null
            : "\"" + t + "\" is matched against the topic's ARN: write arn:aws:sns:<region>:<account>:<name>"),
        patterns(node.get("webhooks"), path + ".webhooks", p -> null));
  }

  /**
   * A list of non-empty patterns without whitespace, each also checked by {@code problem} (which gives null
   * for a good one); those that are not good are reported and left out.
   */
  private List<String> patterns(JsonNode node, String path, UnaryOperator<String> problem) {
    List<String> out = new ArrayList<>();
    if (!readable(node, path)) {
      return out;
    }
    List<String> texts = texts(node, path);
    for (int i = 0; i < texts.size(); i++) {
      String t = texts.get(i);
      String at = path + "[" + i + "]: ";
      if (t == null) {
        continue;
      }
      if (t.isBlank()) {
        problems.add(at + "must not be empty");
      } else if (t.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
        problems.add(at + "\"" + t + "\" contains whitespace, which no AWS resource name has");
      } else if (problem.apply(t) != null) {
        problems.add(at + problem.apply(t));
      } else {
        out.add(t);
      }
    }
    return out;
  }

  // --- fields --------------------------------------------------------------------------------------

  /** Reports what the schema found wrong at {@code path}, and no more than once. */
  private void report(String path) {
    schema.take(path).forEach(p -> problems.add(p.toString()));
  }

  /**
   * Whether the field at {@code path} can be read: it has a value, of the kind the schema says; what the
   * schema found wrong there (and with the keys of a mapping there) is reported either way.
   */
  private boolean readable(JsonNode node, String path) {
    report(path);
    return !absent(node) && schema.usable(path);
  }

  /**
   * The texts of a list the schema found to be one, with null in place of each item that is not text (and
   * that is reported).
   */
  private List<String> texts(JsonNode node, String path) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode element = node.get(i);
      if (element.isTextual()) {
        out.add(element.textValue());
      } else {
        report(path + "[" + i + "]");
        out.add(null);
      }
    }
    return out;
  }

  /**
   * A duration as specs write them, from text or a whole number (the schema has seen to that); null when it
   * is not one (reported).
   */
  private Duration duration(JsonNode node, String path) {
    String text = node.asText();
    var parsed = Durations.parse(text);
    if (parsed.isEmpty()) {
      problems.add(path + ": \"" + text + "\" " + (Durations.isTooLong(text)
          ? "is longer than any duration Shepherd accepts (" + Durations.format(Durations.MAX) + ")"
          : "is not a duration (e.g. 30m, 1h)"));
      return null;
    }
    return parsed.get();
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  private static String found(JsonNode node) {
    if (node.isObject()) return "a mapping";
    if (node.isArray()) return "a list";
    if (node.isBoolean()) return node.booleanValue() ? "true" : "false";
    if (node.isNumber()) return "the number " + node.asText();
    if (node.isNull()) return "nothing";
    if (node.isTextual()) return "\"" + node.textValue() + "\"";
    return node.getNodeType().toString().toLowerCase(Locale.ROOT);
  }

  /** How policies have always said what is wrong with their structure. */
  private static final Wording WORDING = new Wording("", true, List.of(Map.entry("object", "must be a mapping"),
      Map.entry("array", "must be a list"), Map.entry("boolean", "must be true or false"),
      Map.entry("", "must be text")), PolicyReader::found, (key, known, nearest) -> "unknown key; "
          + nearest.map(k -> "did you mean " + k + "? ").orElse("") + "expected one of " + String.join(", ", known));

  /** {@code parent.key}, or {@code parent."key"} for a key that is not a plain word ({@code "*"}). */
  private static String path(String parent, String key) {
    return WORDING.key(parent, key);
  }
}
