package dev.shepherd.worker.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.policy.ApplicationPolicy;
import dev.shepherd.worker.policy.IdentitySectionReader.IdentitySection;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Turns a policy file's YAML tree into a {@link ReleasePolicy}, collecting every problem before giving up,
 * each with the path of its field ({@code applications.payments.approve.rest[0]}). The sections are read, and
 * their problems reported, in this order: identity, people, groups, applications; the applications come last
 * because their lists name the people and groups.
 */
final class PolicyReader {

  private PolicyReader() {}

  static ReleasePolicy read(Path file) {
    PolicyFile read = PolicyFile.read(file);
    JsonNode doc = read.document();
    if (!doc.isObject()) {
      throw new PolicyException(file, List.of(file + ": must be a mapping of identity, people, groups and"
          + " applications (found " + PolicyProblems.found(doc) + ")"));
    }
    String digest = ReleasePolicy.digestOf(read.bytes());
    PolicyProblems problems = new PolicyProblems(doc);
    problems.report("");

    IdentitySection identity = new IdentitySectionReader(file, problems).read(doc.get("identity"));
    PeopleAndGroups people = PeopleAndGroups.read(doc.get("people"), doc.get("groups"), problems);
    Map<String, ApplicationPolicy> applications =
        new ApplicationsReader(problems, people, digest).read(doc.get("applications"));

    problems.refuseIfAny(file);
    return new ReleasePolicy(file, digest, identity.acceptedMethods(), identity.allowedSignersFile(),
        identity.stsEndpoints(), identity.maxProofAge(), people.personByIdentity(), applications);
  }
}
