package dev.shepherd.bench;

import dev.shepherd.spec.Approval;
import dev.shepherd.spec.BuildStepSpec;
import dev.shepherd.spec.CanarySpec;
import dev.shepherd.spec.CanaryWeight;
import dev.shepherd.spec.CodeBuildProject;
import dev.shepherd.spec.DeploySpec;
import dev.shepherd.spec.LambdaTarget;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import dev.shepherd.spec.WaveSpec;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the benchmark, shared by its sections: the Temporal server it measures, where it writes, the report
 * it prints, and the specs of the releases it starts.
 */
final class BenchRun {

  private static final List<String> ALL_REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2",
      "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-southeast-1", "ap-southeast-2",
      "ap-northeast-1", "ap-northeast-2", "ap-south-1", "sa-east-1", "ca-central-1", "me-south-1", "af-south-1");

  private final WorkflowClient client;
  private final String address;
  private final boolean quick;
  private final Path work;
  private final String id = Long.toString(System.currentTimeMillis() % 10_000_000L, 36);
  private final StringBuilder report = new StringBuilder();
  private int counter;
  private int functions;

  BenchRun(WorkflowClient client, String address, boolean quick, Path work) {
    this.client = client;
    this.address = address;
    this.quick = quick;
    this.work = work;
  }

  WorkflowClient client() {
    return client;
  }

  String address() {
    return address;
  }

  /** A smoke run: fewer and shorter runs of each section. */
  boolean quick() {
    return quick;
  }

  /** Where the workers' logs, the start-up archives and the report go. */
  Path work() {
    return work;
  }

  /** This run's id, in task queues, versions and workflow ids, so that runs on one server never meet. */
  String id() {
    return id;
  }

  /** The next of this run's serial numbers, for versions and workflow ids. */
  int next() {
    return ++counter;
  }

  /** Prints a line of the report and keeps it for the report file. */
  void line(String text) {
    System.out.println(text);
    report.append(text).append('\n');
  }

  String report() {
    return report.toString();
  }

  /**
   * A release spec. Every release deploys its own function: releases of one function at the same time
   * would (rightly) refuse each other's code.
   */
  ReleaseSpec spec(int waves, int regionsPerWave, Duration bake, Duration flagBake) {
    List<WaveSpec> list = new ArrayList<>();
    int next = 0;
    for (int w = 0; w < waves; w++) {
      List<Region> regions = new ArrayList<>();
      for (int r = 0; r < regionsPerWave; r++) {
        regions.add(Region.of(ALL_REGIONS.get(next++)));
      }
      list.add(new WaveSpec("wave-" + (w + 1), regions, bake, Approval.NONE));
    }
    // One application per release: releases of one application take turns (its lock), these run at once.
    int app = ++functions;
    return new ReleaseSpec("bench-" + app,
        new BuildStepSpec(new CodeBuildProject("bench-build", null), Duration.ofMinutes(10)), null,
        new DeploySpec(new LambdaTarget("bench-api-" + app, "live"), new CanarySpec(CanaryWeight.of(10), Duration.ZERO)),
        List.of("bench-5xx"), list, null, List.of("alice"), null);
  }

  /** The regions a spec of this many regions in one wave deploys to, in order. */
  static List<String> regionsOf(int count) {
    return ALL_REGIONS.subList(0, count);
  }
}
