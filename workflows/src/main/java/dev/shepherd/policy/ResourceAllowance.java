package dev.shepherd.policy;

import java.util.List;

/**
 * The resources an application's specs may name. A pattern's {@code *} matches any run of characters; a
 * kind that is not listed allows nothing.
 *
 * @param functions Lambda functions, the deployed one and the smoke-test hooks alike: patterns matched against
 *     the function's ARN in each region the spec deploys to ({@code
 *     arn:aws:lambda:eu-west-1:111122223333:function:payments-api}), or, for a pattern that does not begin
 *     {@code arn:}, against its name
 * @param ssmParameters SSM parameter name prefixes, e.g. {@code /payments/}
 * @param appConfigApplications AppConfig application names (patterns)
 * @param codeBuildProjects CodeBuild project names (patterns)
 * @param snsTopics SNS topics a release may notify ({@code notifications.sns}): patterns matched against the
 *     topic's ARN
 * @param webhooks webhook names a release may notify ({@code notifications.webhook}): patterns matched against
 *     the name (the worker maps names to URLs; this says which application may post to which)
 */
public record ResourceAllowance(List<String> functions, List<String> ssmParameters,
    List<String> appConfigApplications, List<String> codeBuildProjects, List<String> snsTopics,
    List<String> webhooks) {

  /** Nothing allowed. */
  public static final ResourceAllowance NONE = new ResourceAllowance(null, null, null, null, null, null);

  /** An allowance with no notification channels. */
  public ResourceAllowance(List<String> functions, List<String> ssmParameters, List<String> appConfigApplications,
      List<String> codeBuildProjects) {
    this(functions, ssmParameters, appConfigApplications, codeBuildProjects, null, null);
  }

  public ResourceAllowance {
    functions = functions == null ? List.of() : List.copyOf(functions);
    ssmParameters = ssmParameters == null ? List.of() : List.copyOf(ssmParameters);
    appConfigApplications = appConfigApplications == null ? List.of() : List.copyOf(appConfigApplications);
    codeBuildProjects = codeBuildProjects == null ? List.of() : List.copyOf(codeBuildProjects);
    snsTopics = snsTopics == null ? List.of() : List.copyOf(snsTopics);
    webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
  }
}
