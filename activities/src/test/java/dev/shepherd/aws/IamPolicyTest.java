package dev.shepherd.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worker's IAM policy (deploy/iam/shepherd-worker-policy.json) allows every AWS action that the
 * production code calls, and nothing more. The calls are read from the compiled classes of every
 * {@code dev.shepherd} package on this module's classpath (the AWS provider and what it builds on); see
 * {@link IamActions} for how a call becomes an action.
 */
class IamPolicyTest {

  private static final String POLICY = "deploy/iam/shepherd-worker-policy.json";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

  private static Map<String, Set<String>> needed;
  private static Set<String> allowed;
  private static JsonNode policy;
  private static String policyText;

  @BeforeAll
  static void read() throws IOException {
    needed = new TreeMap<>();
    for (IamActions.Needed n : IamActions.neededBy(new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.shepherd"))) {
      needed.computeIfAbsent(n.action(), a -> new TreeSet<>()).add(n.site());
    }
    policyText = Files.readString(inRepository(POLICY));
    policy = new ObjectMapper().readTree(policyText);
    allowed = new TreeSet<>();
    for (JsonNode statement : statements()) {
      assertThat(statement.path("Effect").asText()).as("Effect of " + statement.path("Sid")).isEqualTo("Allow");
      assertThat(statement.has("NotAction")).as("NotAction in " + statement.path("Sid")).isFalse();
      allowed.addAll(strings(statement.path("Action")));
    }
  }

  @Test
  void thePolicyAllowsEveryActionTheCodeCalls() {
    Map<String, Set<String>> missing = new TreeMap<>(needed);
    missing.keySet().removeAll(allowed);
    assertThat(missing).as(() -> POLICY + " does not allow what the code calls. Add each action below to the"
        + " statement of its service, scoped to the resources it touches (see deploy/iam/README.md):\n"
        + missing.entrySet().stream().map(e -> "  " + e.getKey() + ", needed by\n      "
            + String.join("\n      ", e.getValue())).collect(Collectors.joining("\n")) + "\n").isEmpty();
  }

  @Test
  void thePolicyAllowsNothingTheCodeDoesNotCall() {
    Set<String> extra = new TreeSet<>(allowed);
    extra.removeAll(needed.keySet());
    assertThat(extra).as(() -> POLICY + " allows actions that no production code calls: remove "
        + String.join(", ", extra) + " (or, if a call needs one under another name, map it in IamActions)").isEmpty();
  }

  /** Guards the scan itself: an import that found no calls would make an empty policy pass. */
  @Test
  void theScanFindsTheCallsOfEveryActivityGroup() {
    assertThat(needed).containsKeys("codebuild:StartBuild", "lambda:UpdateAlias", "cloudwatch:DescribeAlarms",
        "ssm:PutParameter", "appconfig:StartDeployment", "s3:GetObject");
    assertThat(needed.get("codebuild:StartBuild")).anySatisfy(site -> assertThat(site)
        .startsWith("dev.shepherd.aws.AwsBuildActivities (AwsBuildActivities.java:").endsWith("calls CodeBuildClient.startBuild"));
  }

  @Test
  void actionsAreNamedOneByOne() {
    assertThat(allowed).as("wildcards grant actions nobody reviewed").noneMatch(a -> a.contains("*") || a.contains("?"));
    assertThat(allowed).allMatch(a -> a.matches("[a-z0-9-]+:[A-Z][A-Za-z0-9]+"), "service:Action");
  }

  @Test
  void everyPlaceholderIsExplainedInTheReadme() throws IOException {
    String readme = Files.readString(inRepository("deploy/iam/README.md"));
    Set<String> placeholders = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(policyText);
    while (m.find()) {
      placeholders.add(m.group(1));
    }
    assertThat(placeholders).isNotEmpty().allSatisfy(p -> assertThat(readme).contains("| `" + p + "` |"));
  }

  @Test
  void filledInEveryResourceIsAnArnOfThisPartition() {
    for (JsonNode statement : statements()) {
      for (String resource : strings(statement.path("Resource"))) {
        String filled = PLACEHOLDER.matcher(resource).replaceAll("example");
        assertThat(filled).as(statement.path("Sid").asText()).matches("\\*|arn:aws:[a-z0-9-]+:[a-z0-9*-]*:(\\d{12}|example)?:.+");
      }
    }
  }

  private static List<JsonNode> statements() {
    List<JsonNode> out = new ArrayList<>();
    JsonNode s = policy.path("Statement");
    if (s.isArray()) {
      s.forEach(out::add);
    } else {
      out.add(s);
    }
    assertThat(out).as("statements of " + POLICY).isNotEmpty();
    return out;
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (node.isTextual()) {
      out.add(node.asText());
    }
    return out;
  }

  /** Tests run in the module's directory (Maven) or the repository's (an IDE). */
  private static Path inRepository(String path) {
    Path fromModule = Path.of("..").resolve(path);
    return Files.exists(fromModule) ? fromModule : Path.of(path);
  }
}
