package dev.shepherd.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The CodeBuild projects of a {@link SimulatedCloud} and the builds started in them. Thread-safe. */
final class SimCodeBuild {

  private final boolean autoProvision;
  private final List<String> projects = new ArrayList<>();
  private final Map<String, BuildRecord> builds = new LinkedHashMap<>();
  private int buildCounter;

  SimCodeBuild(boolean autoProvision) {
    this.autoProvision = autoProvision;
  }

  synchronized void addProject(String project) {
    projects.add(project);
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

  /** How many builds were started. */
  synchronized int buildsStarted() {
    return builds.size();
  }

  private record BuildRecord(String project, String artifact) {}
}
