package dev.shepherd.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.cloud.FlagLocation;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.provider.HeartbeatingPoll.Beat;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.AppConfigFlagLocation;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.appconfig.AppConfigClient;
import software.amazon.awssdk.services.appconfig.model.DeploymentState;
import software.amazon.awssdk.services.appconfig.model.DeploymentSummary;
import software.amazon.awssdk.services.appconfig.model.GetDeploymentResponse;
import software.amazon.awssdk.services.appconfig.model.ListDeploymentsResponse;

/**
 * A flag in an AppConfig feature-flag profile ({@code AWS.AppConfig.FeatureFlags}). The flag's value is its
 * {@code enabled} attribute in the document of the profile's live version: the version of the newest
 * completed deployment of this profile to the environment (other profiles deployed to the same environment
 * are not looked at). Setting it, and restoring it, change only this flag's {@code enabled} in that
 * document (restoring a flag that did not exist removes it), create a hosted configuration version of the
 * result and deploy it with the all-at-once strategy, waiting until the deployment completes. Every other
 * flag keeps what it has now, including changes made since the release began.
 */
final class AppConfigFlags {

  static final String STRATEGY = "AppConfig.AllAtOnce";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AwsClients aws;

  AppConfigFlags(AwsClients aws) {
    this.aws = aws;
  }

  /** The ids of the application, environment and profile, by name. */
  record Location(String application, String environment, String profile) {}

  Location locate(FlagLocation t) {
    AppConfigFlagLocation a = t.appconfig();
    AppConfigClient c = aws.appConfig(t.region());
    String app = AwsFailures.call("list AppConfig applications", t.region(), () -> c.listApplications(r -> r.maxResults(50)))
        .items().stream().filter(i -> i.name().equals(a.application())).map(i -> i.id()).findFirst()
        .orElseThrow(() -> FailureType.NOT_FOUND.failure("AppConfig application " + a.application() + " in " + t.region()));
    String env = AwsFailures.call("list AppConfig environments", t.region(), () -> c.listEnvironments(r -> r.applicationId(app).maxResults(50)))
        .items().stream().filter(i -> i.name().equals(a.environment())).map(i -> i.id()).findFirst()
        .orElseThrow(() -> FailureType.NOT_FOUND.failure("AppConfig environment " + a.environment() + " of "
            + a.application() + " in " + t.region()));
    String profile = AwsFailures.call("list AppConfig profiles", t.region(), () -> c.listConfigurationProfiles(r -> r.applicationId(app).maxResults(50)))
        .items().stream().filter(i -> i.name().equals(a.profile())).map(i -> i.id()).findFirst()
        .orElseThrow(() -> FailureType.NOT_FOUND.failure("AppConfig configuration profile " + a.profile() + " of "
            + a.application() + " in " + t.region()));
    return new Location(app, env, profile);
  }

  /**
   * The flag's {@code enabled}, with the hosted version it was read from as its revision (for people:
   * restoring does not use it).
   */
  FlagValue read(FlagLocation t) {
    Location l = locate(t);
    Optional<Integer> live = liveVersion(t, l);
    if (live.isEmpty()) {
      return FlagValue.absent();
    }
    JsonNode doc = content(t, l, live.get());
    JsonNode value = doc.path("values").path(t.appconfig().flag()).path("enabled");
    return value.isMissingNode() ? FlagValue.absent().withRevision(String.valueOf(live.get()))
        : FlagValue.of(value.asText()).withRevision(String.valueOf(live.get()));
  }

  /**
   * Sets the flag's {@code enabled} to {@code value} (or removes the flag, for an absent value) in the live
   * document, and deploys the result. {@code value.revision()} is ignored: redeploying an old version would
   * also revert every other flag changed since.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable {@code INVALID_REQUEST}, before anything is
   *     read or written, when the value is not {@code true} or {@code false}
   */
  FlagValue write(FlagLocation t, FlagValue value) {
    if (value.exists() && !AppConfigFlagLocation.isEnabledValue(value.value())) {
      throw FailureType.INVALID_REQUEST.failure("\"" + value.value() + "\" cannot be the enabled attribute of "
          + t + " (" + t.appconfig().application() + "/" + t.appconfig().environment() + "/"
          + t.appconfig().profile() + "), which is a boolean: write true or false as the flag's value");
    }
    Location l = locate(t);
    Optional<Integer> live = liveVersion(t, l);
    ObjectNode doc = live.isPresent() ? (ObjectNode) content(t, l, live.get()) : JSON.createObjectNode();
    String flag = t.appconfig().flag();
    if (value.exists()) {
      if (!doc.path("flags").has(flag)) {
        doc.withObjectProperty("flags").putObject(flag).put("name", flag);
      }
      // The flag's other attributes, if it has any, are kept.
      doc.withObjectProperty("values").withObjectProperty(flag).put("enabled", Boolean.parseBoolean(value.value()));
    } else {
      // The flag did not exist before the release, which added both its definition and its value.
      doc.withObjectProperty("values").remove(flag);
      doc.withObjectProperty("flags").remove(flag);
    }
    if (!doc.has("version")) {
      doc.put("version", "1");
    }
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    int version = AwsFailures.call("create an AppConfig configuration version", t.region(), () -> aws.appConfig(t.region())
        .createHostedConfigurationVersion(r -> r.applicationId(l.application()).configurationProfileId(l.profile())
            .contentType("application/json").content(SdkBytes.fromByteArray(bytes))
            .description("set by Shepherd")))
        .versionNumber();
    deploy(t, l, version);
    return value;
  }

  private void deploy(FlagLocation t, Location l, int version) {
    AppConfigClient c = aws.appConfig(t.region());
    int number = AwsFailures.call("start an AppConfig deployment", t.region(), () -> c.startDeployment(r -> r.applicationId(l.application())
        .environmentId(l.environment()).configurationProfileId(l.profile())
        .configurationVersion(String.valueOf(version)).deploymentStrategyId(STRATEGY)
        .description("Shepherd: flag " + t.appconfig().flag()))).deploymentNumber();
    // Every poll heartbeats, so that a worker that dies while a deployment rolls out is noticed in seconds.
    AwsFailures.polling(aws.settings().pollInterval())
        .withHeartbeat(Beat.BEFORE_EACH_POLL, () -> number)
        .until(() -> completed(c, t, l, number));
  }

  /** The deployment once it is complete, empty while it rolls out; one rolled back or reverted fails. */
  private static Optional<GetDeploymentResponse> completed(AppConfigClient c, FlagLocation t, Location l, int number) {
    GetDeploymentResponse d = AwsFailures.call("read AppConfig deployment " + number, t.region(), () -> c
        .getDeployment(r -> r.applicationId(l.application()).environmentId(l.environment()).deploymentNumber(number)));
    if (d.state() == DeploymentState.COMPLETE) {
      return Optional.of(d);
    }
    if (d.state() == DeploymentState.ROLLED_BACK || d.state() == DeploymentState.REVERTED) {
      throw FailureType.DEPLOY_FAILED.failure("AppConfig deployment " + number + " of " + t + " was " + d.state());
    }
    return Optional.empty();
  }

  /**
   * The hosted version of the newest completed deployment of our profile to the environment, or empty when
   * it was never deployed there. ListDeployments is newest first and names a deployment's profile only by
   * name, so each candidate of that name is confirmed by id (GetDeployment) in case two profiles share it.
   */
  private Optional<Integer> liveVersion(FlagLocation t, Location l) {
    AppConfigClient c = aws.appConfig(t.region());
    String profileName = t.appconfig().profile();
    // The paginator asks for each page as the loop reaches it (none after the answer): its errors are
    // translated here, GetDeployment's where it is called.
    return AwsFailures.call("list AppConfig deployments", t.region(), () -> {
      for (ListDeploymentsResponse deployments : c.listDeploymentsPaginator(r -> r.applicationId(l.application())
          .environmentId(l.environment()).maxResults(50))) {
        List<Integer> candidates = deployments.items().stream()
            .filter(d -> d.state() == DeploymentState.COMPLETE && profileName.equals(d.configurationName()))
            .map(DeploymentSummary::deploymentNumber)
            .sorted(Comparator.reverseOrder())
            .toList();
        for (int number : candidates) {
          GetDeploymentResponse d = AwsFailures.call("read AppConfig deployment " + number, t.region(),
              () -> c.getDeployment(r -> r.applicationId(l.application()).environmentId(l.environment())
                  .deploymentNumber(number)));
          if (l.profile().equals(d.configurationProfileId())) {
            return Optional.of(Integer.parseInt(d.configurationVersion()));
          }
        }
      }
      return Optional.empty();
    });
  }

  private JsonNode content(FlagLocation t, Location l, int version) {
    byte[] bytes = AwsFailures.call("read AppConfig configuration version " + version, t.region(), () -> aws.appConfig(t.region())
        .getHostedConfigurationVersion(r -> r.applicationId(l.application()).configurationProfileId(l.profile())
            .versionNumber(version))).content().asByteArray();
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw FailureType.INVALID_REQUEST.failure("AppConfig configuration version " + version + " of " + t
          + " is not JSON: " + e.getMessage());
    }
  }
}
