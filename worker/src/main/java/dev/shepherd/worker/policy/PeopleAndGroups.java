package dev.shepherd.worker.policy;

import static dev.shepherd.worker.policy.PolicyProblems.NAME;
import static dev.shepherd.worker.policy.PolicyProblems.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A policy's people (each with the other identities that are theirs) and groups (of people and other groups),
 * read and checked: no identity belongs to two people, no group contains itself. The applications' lists of
 * people and groups are read against them.
 */
final class PeopleAndGroups {

  private static final String GROUP_PREFIX = "group:";

  private final PolicyProblems problems;
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

  private PeopleAndGroups(PolicyProblems problems) {
    this.problems = problems;
  }

  /** Reads the people, then the groups (which name people), then reports any group cycles. */
  static PeopleAndGroups read(JsonNode people, JsonNode groups, PolicyProblems problems) {
    PeopleAndGroups read = new PeopleAndGroups(problems);
    read.readPeople(people);
    read.readGroups(groups);
    read.checkGroupCycles();
    return read;
  }

  /** Each identity a person lists, to that person; a person's own name is not among them. */
  Map<String, String> personByIdentity() {
    Map<String, String> persons = new HashMap<>();
    personByIdentity.forEach((identity, listed) -> persons.put(identity, listed.person()));
    return persons;
  }

  /** The people a list of people and groups stands for, sorted, each once. */
  List<String> peopleNamedBy(JsonNode node, String path) {
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

  private void readPeople(JsonNode node) {
    if (!problems.readable(node, "people")) {
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
      if (!problems.readable(entry.getValue(), path)) {
        continue;
      }
      List<String> identities = problems.texts(entry.getValue(), path);
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
    if (!problems.readable(node, "groups")) {
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
   * another person's identities, nor a group's name written without {@code group:}. Empty when the node is
   * not a list.
   */
  private List<Member> members(JsonNode node, String path, Set<String> groupNames) {
    List<Member> members = new ArrayList<>();
    if (!problems.readable(node, path)) {
      return members;
    }
    List<String> names = problems.texts(node, path);
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
}
