package dev.shepherd.spec;

import static dev.shepherd.spec.FieldRules.atMost;
import static dev.shepherd.spec.FieldRules.blank;
import static dev.shepherd.spec.FieldRules.notNegative;
import static dev.shepherd.spec.FieldRules.positive;
import static dev.shepherd.spec.FieldRules.region;
import static dev.shepherd.spec.SpecValidator.MAX_CANARY_DURATION;
import static dev.shepherd.spec.SpecValidator.MAX_STEP_TIMEOUT;

import java.util.List;

/**
 * The rules of what a release builds, tests and deploys ({@code build}, {@code test}, {@code deploy}). Part of
 * {@link SpecValidator}, which decides the order in which problems are reported; stateless, as it runs in
 * workflow code.
 */
final class DeployRules {

  private DeployRules() {}

  static void buildStep(List<SpecProblem> out, String path, BuildStepSpec step, boolean required) {
    if (step == null) {
      if (required) {
        out.add(new SpecProblem(path, "is required"));
      }
      return;
    }
    if (step.codebuild() == null) {
      out.add(new SpecProblem(path + ".codebuild", "is required"));
    } else {
      if (blank(step.codebuild().project())) {
        out.add(new SpecProblem(path + ".codebuild.project", "is required"));
      }
      region(out, path + ".codebuild.region", step.codebuild().region());
    }
    positive(out, path + ".timeout", step.timeout());
    atMost(out, path + ".timeout", step.timeout(), MAX_STEP_TIMEOUT);
  }

  static void deploy(List<SpecProblem> out, DeploySpec deploy, List<Region> regions) {
    if (deploy == null) {
      out.add(new SpecProblem("deploy", "is required"));
      return;
    }
    if (deploy.lambda() == null) {
      out.add(new SpecProblem("deploy.lambda", "is required"));
    } else {
      if (blank(deploy.lambda().function())) {
        out.add(new SpecProblem("deploy.lambda.function", "is required"));
      } else if (regions != null) {
        function(out, deploy.lambda().function(), regions);
      }
      if (blank(deploy.lambda().alias())) {
        out.add(new SpecProblem("deploy.lambda.alias", "is required"));
      } else if (deploy.lambda().alias().matches("\\d+|\\$LATEST")) {
        out.add(new SpecProblem("deploy.lambda.alias", "\"" + deploy.lambda().alias()
            + "\" is a version, not an alias; name the alias callers invoke"));
      }
    }
    CanarySpec canary = deploy.canary();
    if (canary != null) {
      if (canary.weight() == null) {
        out.add(new SpecProblem("deploy.canary.weight", "is required"));
      } else if (!canary.weight().isValid()) {
        out.add(new SpecProblem("deploy.canary.weight", canary.weight().percent()
            + " is outside " + CanaryWeight.MIN + ".." + CanaryWeight.MAX + " (percent of traffic)"));
      }
      if (canary.duration() == null) {
        out.add(new SpecProblem("deploy.canary.duration", "is required"));
      } else {
        notNegative(out, "deploy.canary.duration", canary.duration());
        atMost(out, "deploy.canary.duration", canary.duration(), MAX_CANARY_DURATION);
      }
    }
  }

  /**
   * A function named by ARN is refused here when the waves deploy to any region but the ARN's own: the
   * release deploys the same function everywhere, and an ARN cannot be the same function in two regions.
   * Its account can only be checked against the worker's credentials, in pre-flight.
   */
  private static void function(List<SpecProblem> out, String function, List<Region> regions) {
    var parsed = LambdaFunctionName.parse(function);
    if (parsed.isEmpty()) {
      out.add(new SpecProblem("deploy.lambda.function", "\"" + function
          + "\" is not a Lambda function name or ARN (e.g. payments-api or"
          + " arn:aws:lambda:us-east-1:123456789012:function:payments-api)"));
      return;
    }
    LambdaFunctionName name = parsed.get();
    if (name.qualifier() != null) {
      out.add(new SpecProblem("deploy.lambda.function", "\"" + function + "\" names a version or alias ("
          + name.qualifier() + "); give the function alone and its alias in deploy.lambda.alias"));
    }
    if (name.region() == null) {
      return;
    }
    if (!name.region().isKnown()) {
      out.add(new SpecProblem("deploy.lambda.function", "\"" + name.region().code() + "\" in \"" + function
          + "\" is not an AWS region"));
      return;
    }
    List<String> elsewhere = regions.stream().filter(r -> r != null && r.isKnown() && !r.equals(name.region()))
        .map(Region::code).distinct().toList();
    if (!elsewhere.isEmpty()) {
      out.add(new SpecProblem("deploy.lambda.function", "\"" + function + "\" is a function in "
          + name.region().code() + ", but the waves deploy to " + String.join(", ", elsewhere)
          + "; name the function by its name alone (" + name.name() + "), which is looked up in each region"));
    }
  }
}
