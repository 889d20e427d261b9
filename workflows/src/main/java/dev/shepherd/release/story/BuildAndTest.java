package dev.shepherd.release.story;

import dev.shepherd.release.FailureType;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.cloud.BuildKind;
import dev.shepherd.cloud.BuildRequest;
import dev.shepherd.cloud.BuildResult;
import dev.shepherd.spec.BuildStepSpec;
import dev.shepherd.spec.Region;

/** Building the release's artifact, then testing it: each one CodeBuild run, waited for by one activity. */
final class BuildAndTest {

  private final ReleaseState state;
  private final StepRunner steps;

  BuildAndTest(ReleaseState state, StepRunner steps) {
    this.state = state;
    this.steps = steps;
  }

  void run() {
    state.enter(ReleasePhase.BUILDING, "building " + state.request.effectiveSourceVersion()
        + " with CodeBuild project " + state.spec.build().codebuild().project());
    state.built(steps.run("build", FailureType.BUILD_FAILED, () -> runBuild(BuildKind.BUILD, state.spec.build(), null)));
    if (state.spec.test() != null) {
      state.enter(ReleasePhase.TESTING, "testing with CodeBuild project " + state.spec.test().codebuild().project());
      steps.run("test", FailureType.TEST_FAILED,
          () -> runBuild(BuildKind.TEST, state.spec.test(), state.build().artifactLocation()));
    }
  }

  private BuildResult runBuild(BuildKind kind, BuildStepSpec step, String artifact) {
    Region region = step.codebuild().region() != null ? step.codebuild().region() : state.spec.allRegions().get(0);
    String verb = kind == BuildKind.BUILD ? "Build" : "Test";
    return ActivityStubs.build(step.timeout(), verb + " " + state.spec.application() + " "
            + state.request.effectiveSourceVersion() + " with CodeBuild " + step.codebuild().project() + " in " + region)
        .runBuild(new BuildRequest(kind, state.releaseId, state.request.version(), state.request.effectiveSourceVersion(),
            step.codebuild().project(), region, artifact, step.timeout()));
  }
}
