package dev.shepherd.release.story;

import dev.shepherd.release.ReleaseIds;
import dev.shepherd.release.operator.OperatorRules;
import dev.shepherd.spec.SpecProblem;
import dev.shepherd.spec.SpecValidator;
import java.util.ArrayList;
import java.util.List;

/** The rules a release's request must meet before anything begins: its spec, version and initiator. */
final class RequestRules {

  private RequestRules() {}

  /** Every problem of the release's request, each naming its field; empty when there is none. */
  static List<String> problems(ReleaseState state) {
    List<String> problems = new ArrayList<>();
    if (state.spec == null) {
      problems.add("spec: is required");
      return problems;
    }
    // Releases started before the function-name and AppConfig-value rules existed passed without them;
    // judging them by the new rules on replay would not be what they did.
    for (SpecProblem p : SpecValidator.validate(state.spec, state.changes.lockAndSpecRules())) {
      problems.add(p.toString());
    }
    if (!ReleaseIds.isValidVersion(state.request.version())) {
      problems.add("version: \"" + state.request.version() + "\" must be 1-64 letters, digits, '.', '_', '+' or '-'");
    }
    String initiator = OperatorRules.actor(state.request.initiator(), "starting the release");
    if (initiator != null) {
      problems.add("initiator: " + initiator);
    }
    return problems;
  }
}
