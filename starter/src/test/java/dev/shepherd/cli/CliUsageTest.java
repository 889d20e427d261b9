package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing, validation and exit codes of every command, without a Temporal server. */
class CliUsageTest {

  private static final String EXAMPLE = "../examples/release.yaml";

  @Test
  void planPrintsTheWavesGatesCanaryBakesAndEarliestCompletion() {
    var r = Cli.run("plan", "-f", EXAMPLE);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("wave 1  canary-region", "us-east-1", "wave 2  rest", "eu-west-1, ap-southeast-2",
        "approval required", "canary 10% for 5m", "gates   rest, flag", "Earliest completion if started now:");
  }

  @Test
  void planAsJsonIsOneObjectWithTheWaves() {
    var r = Cli.run("plan", "-f", EXAMPLE, "--output", "json");
    assertThat(r.exitCode()).isZero();
    JsonNode plan = r.json();
    assertThat(plan.path("application").asText()).isEqualTo("payments");
    assertThat(plan.path("waves")).hasSize(2);
    assertThat(plan.path("waves").get(1).path("regions").get(0).asText()).isEqualTo("eu-west-1");
    assertThat(plan.path("gates").get(1).asText()).isEqualTo("flag");
    assertThat(plan.path("earliestCompletion").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
  }

  @Test
  void anInvalidSpecExitsTwoListingEveryProblemWithItsPath(@TempDir Path dir) throws IOException {
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(spec, Files.readString(Path.of(EXAMPLE))
        .replace("regions: [ eu-west-1, ap-southeast-2 ]", "regions: [ eu-west-9, ap-southeast-2 ]")
        .replace("weight: 10", "weight: 150"));
    var r = Cli.run("plan", "-f", spec.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("waves[1].regions[0]: \"eu-west-9\" is not an AWS region")
        .contains("deploy.canary.weight: 150 is outside 1..99").contains("2 problems").contains("nothing was started");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aMissingFileExitsTwoNamingIt() {
    var r = Cli.run("plan", "-f", "no/such/file.yaml");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no/such/file.yaml").contains("file not found");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plan", "start --version 1.0.0"})
  void malformedYamlIsOneLineNamingTheFileLineAndColumnAndExitsTwo(String command, @TempDir Path dir)
      throws IOException {
    Path spec = Files.writeString(dir.resolve("bad.yaml"), "application: payments\nbuild:\n  timeout: : 30m\n");

    var r = Cli.run(java.util.stream.Stream.concat(java.util.Arrays.stream(split(command)),
        java.util.stream.Stream.of("-f", spec.toString())).toArray(String[]::new));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().lines()).as(r.toString()).containsExactly(
        "shepherd: " + spec + ":3:12: not valid YAML or JSON: mapping values are not allowed here");
    assertThat(r.out()).isEmpty();
  }

  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aSpecFileOfTwoMegabytesIsRefusedAtOnceNamingTheLimit(@TempDir Path dir) throws IOException {
    Path spec = Files.writeString(dir.resolve("huge.yaml"), Files.readString(Path.of(EXAMPLE))
        + ("# " + "padding ".repeat(12) + "\n").repeat(20_000));

    var r = Cli.run("plan", "-f", spec.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().lines()).as(r.toString()).containsExactly("shepherd: " + spec + ": is " + Files.size(spec)
        + " bytes; a release spec may be at most 1 MiB (1048576 bytes)");
  }

  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aDirectoryGivenAsTheSpecIsRefusedInOneLine(@TempDir Path dir) {
    var r = Cli.run("plan", "-f", dir.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().lines()).containsExactly("shepherd: " + dir + ": is a directory, not a spec file");
  }

  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aNamedPipeGivenAsTheSpecIsRefusedWithoutWaitingForAWriter(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("release.yaml");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();

    var r = Cli.run("start", "-f", fifo.toString(), "--version", "1.0.0");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().lines()).containsExactly(
        "shepherd: " + fifo + ": is not a regular file (a pipe, a device or a socket); give a spec file");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "start -f ../examples/demo.yaml                               | --version",
      "start -f ../examples/demo.yaml --version 'bad version!'      | --version",
      "plan                                                         | --file",
      "plan -f ../examples/demo.yaml --output yaml                  | --output",
      "status payments/1.4.2 --output jsonl                         | --output",
      "watch payments/1.4.2 --output yaml                           | --output",
      "watch payments/1.4.2 --color sometimes                       | --color",
      "status payments/1.4.2 --color sometimes                      | --color",
      "status                                                       | ID",
      "status not-a-release-id                                      | ID",
      "approve payments/1.4.2 --bogus                               | --bogus",
      "reject payments/1.4.2                                        | --message",
      "abort payments/1.4.2                                         | --message",
      "abandon payments/1.4.2                                       | -m",
      "abandon payments/1.4.2 -m '  '                               | -m",
      "list --phase SLEEPING                                        | --phase",
      "list --app 'no spaces please'                                | --app",
      "worker --provider gcp                                        | --provider",
      "worker --grace soon                                          | --grace",
      "worker --policy no/such/policy.yaml                          | --policy",
      "approve payments/1.4.2 --identity kerberos                   | --identity",
      "approve payments/1.4.2 --identity ssh --ssh-key no/such/key  | --ssh-key",
      "start -f ../examples/demo.yaml --version 1.0 --identity ssh --ssh-key no/such/key | --ssh-key",
      "demo --fail-in eu-west-9                                     | --fail-in",
      "demo --fail-in eu-west-1 --fail-by smoke                     | --fail-by",
      "frobnicate                                                   | frobnicate",
  })
  void badUsageExitsTwoNamingTheArgument(String line, String named) {
    var r = Cli.run(split(line));
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).as(r.toString()).contains(named);
    assertThat(r.err()).doesNotContain("\tat ");
  }

  @Test
  void aWorkerGivenAPolicyItCannotUseExitsTwoListingEveryProblem(@TempDir Path dir) throws IOException {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, Files.readString(Path.of("../examples/policy.yaml"))
        .replace("minBake: 30m", "minBake: soon")
        .replace("selfApproval: false", "selfApproval: false\n    approvers: [bob]"));
    var r = Cli.run("worker", "--policy", policy.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--policy").contains("applications.payments.minBake")
        .contains("applications.payments.approvers").doesNotContain("\tat ");
  }

  @Test
  void abandonWithoutAReasonSaysAReasonIsRequiredAndSendsNothing() {
    var r = Cli.run("abandon", "payments/1.4.2", "--as", "bob");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("-m/--reason: a reason is required to abandon a release").contains("give -m REASON")
        .doesNotContain("cannot reach");
  }

  @Test
  void theHelpListsAbandonAndExplainsWhatItAndRollbackDoAfterAFailedRollback() {
    String top = oneLine(Cli.run("--help").out());
    assertThat(top).contains("abandon Close a release in ROLLBACK_FAILED")
        .contains("1 the release failed, was rolled back, its rollback did not complete, or it was abandoned");
    var abandon = Cli.run("abandon", "--help");
    assertThat(abandon.exitCode()).isZero();
    assertThat(oneLine(abandon.out())).contains("ROLLBACK_FAILED").contains("it ends ABANDONED")
        .contains("recorded in the audit log").contains("shepherd rollback ID")
        .contains("-m, --reason, --message=REASON").contains("--as=NAME");
    assertThat(oneLine(Cli.run("rollback", "--help").out()))
        .contains("On a release in ROLLBACK_FAILED, retry the undos that are left");
    assertThat(oneLine(Cli.run("watch", "--help").out())).contains("ROLLBACK_FAILED: it waits for a person");
    assertThat(oneLine(Cli.run("status", "--help").out())).contains("steps Temporal is retrying and why");
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ");
  }

  @Test
  void aTenThousandYearBakeIsACleanProblemNamingItsPath(@TempDir Path dir) throws IOException {
    Path spec = dir.resolve("long.yaml");
    Files.writeString(spec, Files.readString(Path.of(EXAMPLE)).replace("bake: 1h", "bake: 3650000d")
        .replace("approvalTimeout: 72h", "approvalTimeout: 72h\n  blindAfter: 500ms"));
    var r = Cli.run("plan", "-f", spec.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("waves[0].bake: \"3650000d\" is longer than the maximum of 30d")
        .contains("policy.blindAfter: 500ms is shorter than the minimum of 1s").doesNotContain("Exception");
  }

  @Test
  void anUnreachableServerExitsThreeNamingTheAddress() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    var r = Cli.run("status", "payments/1.4.2", "--address", "127.0.0.1:" + closed);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).contains("cannot reach Temporal at 127.0.0.1:" + closed).doesNotContain("\tat ");
  }

  @Test
  void theAddressComesFromTemporalAddressWhenNoFlagGivesIt() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    var r = Cli.run(java.util.Map.of("USER", "carol", "TEMPORAL_ADDRESS", "127.0.0.1:" + closed),
        "status", "payments/1.4.2");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("127.0.0.1:" + closed);
  }

  private static String[] split(String line) {
    java.util.List<String> out = new java.util.ArrayList<>();
    var m = java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(line.trim());
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out.toArray(String[]::new);
  }
}
