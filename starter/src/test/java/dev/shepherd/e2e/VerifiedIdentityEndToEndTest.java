package dev.shepherd.e2e;

import static dev.shepherd.e2e.EndToEndFixture.REGIONS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.release.status.AuditEntry;
import dev.shepherd.release.status.GateState;
import dev.shepherd.release.status.GateStatus;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import dev.shepherd.release.ReleaseWorkflow;
import dev.shepherd.spec.Region;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Verified identity the way a team runs it: one worker started with {@code --policy} (SSH proofs only; alice
 * may start payments releases, bob may approve them), people signing with their own SSH keys through the CLI,
 * and forgeries sent both through the CLI (updates) and the Temporal CLI (signals). The real Temporal dev
 * server, the worker and the CLI as separate processes, the AWS provider against moto.
 */
class VerifiedIdentityEndToEndTest {

  private static final String GATE = "rest";
  /** EndToEndTest's release; wave 2 bakes long enough for a replayed approval to reach a running release. */
  private static final String SPEC = EndToEndTest.SPEC.replace("CANARY", "1s").replace("BAKE1", "1s")
      .replace("BAKE2", "15s");
  private static final String POLICY = """
      identity:
        accept: [ssh]
        allowedSigners: allowed_signers
      applications:
        payments:
          start: [alice]
          approve:
            "*": [bob]
          selfApproval: false
          minBake: 0s
          resources:
            functions: ["payments-*"]
            ssmParameters: ["/payments/"]
            codeBuildProjects: ["payments-*"]
      """;
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  final EndToEndFixture e2e = EndToEndFixture.onTheDevServer("e2e-id");
  private Path spec;
  private Path aliceKey;
  private Path bobKey;

  /** Keys for alice and bob, the policy that names them, and one worker under that policy. */
  @BeforeEach
  void setUp() throws Exception {
    spec = e2e.writeSpec(SPEC);
    Path policyDir = Files.createDirectory(e2e.dir().resolve("policy"));
    aliceKey = sshKey(policyDir, "alice");
    bobKey = sshKey(policyDir, "bob");
    Files.writeString(policyDir.resolve("allowed_signers"),
        "alice " + Files.readString(Path.of(aliceKey + ".pub")).strip() + "\n"
            + "bob " + Files.readString(Path.of(bobKey + ".pub")).strip() + "\n");
    Path policy = policyDir.resolve("policy.yaml");
    Files.writeString(policy, POLICY);
    e2e.worker("--policy", policy.toString());
  }

  @Test
  void onlyBobsSignedApprovalOpensTheGateOfAlicesSignedReleaseAndItEndsReleasedEverywhere() throws Exception {
    var started = e2e.cli(as("alice"), "start", "-f", spec.toString(), "--version", e2e.version(),
        "--task-queue", e2e.taskQueue(), "--identity", "ssh", "--ssh-key", aliceKey.toString());
    assertThat(started.exitCode()).as(started.toString()).isZero();
    assertThat(started.out()).contains("started " + e2e.releaseId());
    JsonNode running = statusJson();
    assertThat(ReleasePhase.valueOf(running.path("phase").asText()).isFinal()).as("running: " + running).isFalse();
    assertThat(running.path("initiator").asText()).isEqualTo("alice");
    JsonNode initiator = running.path("initiatorIdentity");
    assertThat(initiator.path("name").asText()).as(running.toString()).isEqualTo("alice");
    assertThat(initiator.path("method").asText()).isEqualTo("ssh");
    assertThat(initiator.path("verified").asBoolean()).isTrue();
    assertThat(initiator.path("evidence").asText()).startsWith("key SHA256:");

    e2e.awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);

    // (a) bob's name alone: the policy wants a proof.
    var unsigned = e2e.cli(as("bob"), "approve", "payments/" + e2e.version());
    assertThat(unsigned.exitCode()).as(unsigned.toString()).isEqualTo(2);
    assertThat(unsigned.err()).contains("a proof of identity is required");
    assertGateStillWaiting();

    // (b) alice claims to be bob, but signs with her own key.
    var impersonation = e2e.cli(as("alice"), "approve", "payments/" + e2e.version(), "--as", "bob",
        "--identity", "ssh", "--ssh-key", aliceKey.toString());
    assertThat(impersonation.exitCode()).as(impersonation.toString()).isEqualTo(2);
    assertThat(impersonation.err()).contains("claims to be bob").contains("alice's key");
    assertGateStillWaiting();

    // (c) alice, truthfully signed, approving her own release.
    var selfApproval = e2e.cli(as("alice"), "approve", "payments/" + e2e.version(),
        "--identity", "ssh", "--ssh-key", aliceKey.toString());
    assertThat(selfApproval.exitCode()).as(selfApproval.toString()).isEqualTo(2);
    assertThat(selfApproval.err()).contains("alice started this release and may not approve it").contains("four eyes");
    assertGateStillWaiting();

    // A signal from the Temporal CLI naming bob, without a proof, is audited and ignored.
    var forged = temporalSignal("{\"gate\":\"" + GATE + "\",\"actor\":\"bob\"}");
    assertThat(forged.exitCode()).as(forged.toString()).isZero();
    AuditEntry ignored = awaitAudit("the unsigned signal audited",
        e -> e.action().equals("IGNORED_SIGNAL") && e.detail().contains("a proof of identity is required"));
    assertThat(ignored.actor()).isEqualTo("bob");
    assertGateStillWaiting();

    // bob signs the approval with his key and sends it as a signal, as from the Temporal UI.
    var printed = e2e.cli(as("bob"), "approve", "payments/" + e2e.version(), "--identity", "ssh",
        "--ssh-key", bobKey.toString(), "--print-signal");
    assertThat(printed.exitCode()).as(printed.toString()).isZero();
    assertThat(printed.err()).contains("temporal workflow signal").contains("--name approveGate");
    String signal = json(printed.out());
    JsonNode decision = JSON.readTree(signal);
    assertThat(decision.path("gate").asText()).isEqualTo(GATE);
    assertThat(decision.path("actor").asText()).isEqualTo("bob");
    assertThat(decision.path("proof").path("method").asText()).isEqualTo("ssh");
    assertThat(gate(e2e.status()).state()).as("printing sends nothing").isEqualTo(GateState.WAITING);

    var sent = temporalSignal(signal);
    assertThat(sent.exitCode()).as(sent.toString()).isZero();
    ReleaseStatus approved = e2e.awaitStatus("the gate approved", s -> gate(s).state() == GateState.APPROVED);
    GateStatus gate = gate(approved);
    assertThat(gate.decidedBy()).isEqualTo("bob");
    assertThat(gate.decider().verified()).as(gate.toString()).isTrue();
    assertThat(gate.decider().method()).isEqualTo("ssh");
    assertThat(gate.decider().evidence()).startsWith("key SHA256:")
        .as("bob's key, not alice's").isNotEqualTo(initiator.path("evidence").asText());

    // The same signed signal again, while wave 2 still bakes, is ignored.
    assertThat(e2e.status().phase().isFinal()).as("the release is still running for the replay").isFalse();
    var replayed = temporalSignal(signal);
    assertThat(replayed.exitCode()).as(replayed.toString()).isZero();
    AuditEntry replay = awaitAudit("the replayed signal audited",
        e -> e.action().equals("IGNORED_SIGNAL") && e.at().isAfter(gate.decidedAt()));
    assertThat(replay.actor()).isEqualTo("bob");

    var watched = e2e.cli("watch", "payments/" + e2e.version());
    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    ReleaseStatus released = e2e.status();
    assertThat(released.phase()).isEqualTo(ReleasePhase.RELEASED);
    assertThat(released.audit()).filteredOn(e -> e.action().equals("APPROVED")).as("approved once, by bob")
        .singleElement().satisfies(e -> {
          assertThat(e.actor()).isEqualTo("bob");
          assertThat(e.identity()).isEqualTo("ssh " + gate.decider().evidence());
        });
    e2e.assertEveryAliasOnlyOn("2");
    assertThat(e2e.flag()).isEqualTo("true");
    JsonNode done = statusJson();
    assertThat(done.path("phase").asText()).isEqualTo("RELEASED");
    assertThat(done.path("gates").get(0).path("decider").path("verified").asBoolean()).isTrue();
  }

  @Test
  void aStartWithoutAProofOrBySomeoneThePolicyDoesNotListIsRefusedHavingChangedNothing() throws Exception {
    var unsigned = e2e.cli(as("alice"), "start", "-f", spec.toString(), "--version", e2e.version() + "a",
        "--task-queue", e2e.taskQueue());
    assertThat(unsigned.exitCode()).as(unsigned.toString()).isEqualTo(2);
    assertThat(unsigned.err()).contains("refused").contains("a proof of identity is required");
    assertRefusedHavingChangedNothing(e2e.version() + "a");

    var bobStarts = e2e.cli(as("bob"), "start", "-f", spec.toString(), "--version", e2e.version() + "b",
        "--task-queue", e2e.taskQueue(), "--identity", "ssh", "--ssh-key", bobKey.toString());
    assertThat(bobStarts.exitCode()).as(bobStarts.toString()).isEqualTo(2);
    assertThat(bobStarts.err()).contains("bob").contains("may not start releases of payments");
    assertRefusedHavingChangedNothing(e2e.version() + "b");

    // Neither refusal holds the application's lock: alice's signed start runs.
    var aliceStarts = e2e.cli(as("alice"), "start", "-f", spec.toString(), "--version", e2e.version(),
        "--task-queue", e2e.taskQueue(), "--identity", "ssh", "--ssh-key", aliceKey.toString());
    assertThat(aliceStarts.exitCode()).as(aliceStarts.toString()).isZero();
    ReleaseStatus waiting = e2e.awaitStatus("the approval gate", s -> s.phase() == ReleasePhase.AWAITING_APPROVAL);
    assertThat(waiting.initiatorIdentity().verified()).isTrue();
  }

  private void assertRefusedHavingChangedNothing(String refusedVersion) {
    ReleaseStatus refused = e2e.client()
        .newWorkflowStub(ReleaseWorkflow.class, "release/payments/" + refusedVersion).status();
    assertThat(refused.phase()).isEqualTo(ReleasePhase.FAILED);
    assertThat(refused.buildId()).as("it built nothing").isNull();
    assertThat(refused.audit()).extracting(AuditEntry::action).containsExactly("NOT_ADMITTED");
    for (Region r : REGIONS) {
      assertThat(e2e.publishedVersions(r)).as("no new version in " + r).containsExactlyInAnyOrder("$LATEST", "1");
    }
  }

  private static Map<String, String> as(String user) {
    return Map.of("USER", user);
  }

  /** An ed25519 key without a passphrase, made as a person would: {@code ssh-keygen -t ed25519 -N ""}. */
  private static Path sshKey(Path dir, String person) throws Exception {
    Path key = dir.resolve(person);
    Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", person,
        "-f", key.toString()).redirectErrorStream(true).start();
    assertThat(keygen.waitFor(30, TimeUnit.SECONDS)).as("ssh-keygen ended").isTrue();
    assertThat(keygen.exitValue()).as(new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
    return key;
  }

  /** {@code temporal workflow signal --name approveGate} on the release, with this JSON as its input. */
  private ShepherdProcesses.Result temporalSignal(String json) throws Exception {
    Process signal = new ProcessBuilder("temporal", "workflow", "signal", "--address", E2eEnvironment.temporalAddress(),
        "--workflow-id", e2e.releaseId(), "--name", ReleaseWorkflow.APPROVE_SIGNAL, "--input", json)
        .redirectErrorStream(true).start();
    if (!signal.waitFor(30, TimeUnit.SECONDS)) {
      signal.destroyForcibly();
      throw new AssertionError("temporal workflow signal did not end within 30 seconds");
    }
    return new ShepherdProcesses.Result(signal.exitValue(),
        new String(signal.getInputStream().readAllBytes(), StandardCharsets.UTF_8), "");
  }

  private void assertGateStillWaiting() {
    ReleaseStatus s = e2e.status();
    assertThat(gate(s).state()).as(s.toString()).isEqualTo(GateState.WAITING);
    assertThat(s.phase()).isEqualTo(ReleasePhase.AWAITING_APPROVAL);
    assertThat(s.audit()).extracting(AuditEntry::action).doesNotContain("APPROVED");
  }

  private static GateStatus gate(ReleaseStatus s) {
    return s.gates().stream().filter(g -> g.name().equals(GATE)).findFirst().orElseThrow();
  }

  private JsonNode statusJson() throws Exception {
    var status = e2e.cli("status", e2e.releaseId(), "-o", "json");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    return JSON.readTree(json(status.out()));
  }

  /**
   * The JSON a CLI printed: its stdout from the first line that opens an object. The CLI runs on the test
   * classpath, which holds more than one logback-test.xml, so logback prints its status lines first.
   */
  private static String json(String stdout) {
    int start = stdout.startsWith("{") ? 0 : stdout.indexOf("\n{") + 1;
    assertThat(stdout.startsWith("{", start)).as("a JSON object in:\n" + stdout).isTrue();
    return stdout.substring(start).strip();
  }

  private AuditEntry awaitAudit(String what, Predicate<AuditEntry> entry) {
    return e2e.awaitStatus(what, s -> s.audit().stream().anyMatch(entry)).audit().stream().filter(entry)
        .reduce((first, second) -> second).orElseThrow();
  }
}
