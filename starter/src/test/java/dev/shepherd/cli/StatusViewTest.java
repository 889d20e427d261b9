package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.release.status.AuditEntry;
import dev.shepherd.release.status.FlagState;
import dev.shepherd.release.status.FlagStatus;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** What status and watch show of a release, without a server. */
class StatusViewTest {

  private static final ReleaseStatus FAILED_ROLLBACK = Statuses.rollbackFailed("1.4.2");

  @Test
  void aDriftedRegionShowsTheVersionTheReleaseLeftAndTheVersionFound() {
    String text = StatusView.text(FAILED_ROLLBACK, 10);

    assertThat(text).containsPattern("eu-west-1 +DRIFTED +left on v2 by this release, found on v7 - not rolled "
        + "back, someone moved it \\(was v1 before the release\\)");
  }

  @Test
  void theArtifactEveryRegionDeploysIsShownWithItsDigest() {
    assertThat(StatusView.text(FAILED_ROLLBACK, 10)).contains("artifact s3://artifacts/payments/1.4.2.zip  sha256 "
        + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n");
  }

  @Test
  void aSkippedRegionSaysItWasNeverTouched() {
    assertThat(StatusView.text(FAILED_ROLLBACK, 10))
        .containsPattern("last +CANCELLED\n.*sa-east-1 +SKIPPED +not touched, still on v9 \\(its wave stopped "
            + "before this region began\\)");
  }

  @Test
  void aRegionsDetailIsShown() {
    assertThat(StatusView.text(FAILED_ROLLBACK, 10)).containsPattern(
        "ap-southeast-2 +ROLLBACK_FAILED +on v5, not rolled back to v4 - ACCESS_DENIED: not authorized to perform "
            + "lambda:UpdateAlias");
  }

  @Test
  void aDriftedFlagSaysSomeoneChangedItAndItWasLeftAlone() {
    assertThat(StatusView.text(FAILED_ROLLBACK, 10)).contains("flag     ! SSM /payments/flags/new-checkout  "
        + "DRIFTED  someone changed it after this release set it to true (it was false before); not restored, left "
        + "for a person");
  }

  @Test
  void theRollbackPlanIsShownNewestFirstWithEachUndosStateAndDetail() {
    List<String> lines = StatusView.text(FAILED_ROLLBACK, 10).lines().toList();
    int at = lines.indexOf("rollback (newest first, the order it runs)");

    assertThat(at).as("the rollback section").isPositive();
    assertThat(lines.subList(at + 1, at + 5)).containsExactly(
        "  ! DRIFTED    SSM /payments/flags/new-checkout back to false - found \"maybe\", not \"true\" as this "
            + "release set it; left alone",
        "  ✗ FAILED     payments-api:live in ap-southeast-2 back to version 4 - ACCESS_DENIED: not authorized to "
            + "perform lambda:UpdateAlias",
        "  ! DRIFTED    payments-api:live in eu-west-1 back to version 1 - found on version 7, not on version 2 as "
            + "this release left it; left alone",
        "  ✓ RESTORED   payments-api:live in us-east-1 back to version 3");
  }

  @Test
  void aFailedRollbackSaysWhatToDoNext() {
    String text = StatusView.text(FAILED_ROLLBACK, 10);

    assertThat(text).contains("ACTION   the rollback did not complete: 1 undo left; 2 DRIFTED (changed by "
        + "someone since; rollback leaves them alone) - see the rollback below.\n         Fix the cause, then\n")
        .containsPattern("shepherd rollback release/payments/1.4.2 +to retry the undos that are left, or\n")
        .containsPattern("shepherd abandon release/payments/1.4.2 -m REASON +to close the release as it is");
  }

  @Test
  void anAbandonedReleaseSaysSoAndStillShowsWhatIsLeftWhere() {
    String text = StatusView.text(Statuses.inPhase(FAILED_ROLLBACK, ReleasePhase.ABANDONED,
        new AuditEntry(Instant.parse("2026-03-02T11:00:00Z"), "dave", "ABANDONED", "restored by hand")), 10);

    assertThat(text).contains("closed   abandoned by an operator with undos left")
        .contains("FAILED     payments-api:live in ap-southeast-2").contains("eu-west-1       DRIFTED")
        .contains("dave  ABANDONED  restored by hand").doesNotContain("shepherd rollback");
  }

  @Test
  void theRollbackPlanIsNotShownWhileTheReleaseOnlyRegistersUndos() {
    String text = StatusView.text(Statuses.deploying("1.4.2"), 10);

    assertThat(text).doesNotContain("rollback (newest first").doesNotContain("ACTION");
  }

  @Test
  void stepsBeingRetriedAreListedWithAttemptErrorAndNextAttempt() {
    var retrying = List.of(
        new Retries.Retrying("release/payments/1.4.2/eu-west-1", "eu-west-1", "UpdateCode", 4,
            "Throttling: Rate exceeded", "SCHEDULED", Instant.parse("2026-03-02T10:05:00Z")),
        new Retries.Retrying("release/payments/1.4.2", null, "StartBuild", 2, "ServiceUnavailable: try later",
            "STARTED", null));

    String text = StatusView.text(Statuses.deploying("1.4.2"), 10, retrying,
        StatusView.Rendering.plain(Statuses.T0.plusSeconds(60)));

    assertThat(text).contains("retrying UpdateCode in eu-west-1: attempt 4, last error: Throttling: Rate exceeded; "
        + "next attempt at 10:05:00 (in 4m00s)\n")
        .contains("retrying StartBuild: attempt 2, last error: ServiceUnavailable: try later; attempt running now");
  }

  @Test
  void theJsonCarriesTheStatusAsItIsWithTheRollbackPlanFoundVersionAndRetrying() throws IOException {
    var retrying = List.of(new Retries.Retrying("release/payments/1.4.2/eu-west-1", "eu-west-1", "UpdateCode", 4,
        "Throttling: Rate exceeded", "SCHEDULED", Instant.parse("2026-03-02T10:05:00Z")));

    JsonNode json = new ObjectMapper().readTree(StatusView.json(FAILED_ROLLBACK, retrying));

    assertThat(json.path("phase").asText()).isEqualTo("ROLLBACK_FAILED");
    assertThat(json.path("artifactSha256").asText())
        .isEqualTo("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    JsonNode drifted = json.path("waves").get(1).path("regions").get(0);
    assertThat(drifted.path("state").asText()).isEqualTo("DRIFTED");
    assertThat(drifted.path("version").asText()).isEqualTo("2");
    assertThat(drifted.path("foundVersion").asText()).isEqualTo("7");
    JsonNode other = json.path("waves").get(0).path("regions").get(0);
    assertThat(other.has("foundVersion")).isTrue();
    assertThat(other.path("foundVersion").isNull()).isTrue();
    assertThat(json.path("flag").path("state").asText()).isEqualTo("DRIFTED");
    JsonNode plan = json.path("rollbackPlan");
    assertThat(plan).hasSize(4);
    assertThat(plan.get(2).path("what").asText()).isEqualTo("payments-api:live in ap-southeast-2 back to version 4");
    assertThat(plan.get(2).path("state").asText()).isEqualTo("FAILED");
    assertThat(plan.get(2).path("detail").asText()).startsWith("ACCESS_DENIED");
    JsonNode retry = json.path("retrying").get(0);
    assertThat(retry.path("workflowId").asText()).isEqualTo("release/payments/1.4.2/eu-west-1");
    assertThat(retry.path("region").asText()).isEqualTo("eu-west-1");
    assertThat(retry.path("activityType").asText()).isEqualTo("UpdateCode");
    assertThat(retry.path("attempt").asInt()).isEqualTo(4);
    assertThat(retry.path("lastError").asText()).isEqualTo("Throttling: Rate exceeded");
    assertThat(retry.path("state").asText()).isEqualTo("SCHEDULED");
    assertThat(retry.path("nextAttemptAt").asText()).isEqualTo("2026-03-02T10:05:00Z");
    assertThat(json.path("audit").get(0).path("at").asText()).isEqualTo("2026-03-02T10:01:00Z");
  }

  @Test
  void theJsonHasAnEmptyRetryingListWhenNothingIsRetried() throws IOException {
    JsonNode json = new ObjectMapper().readTree(StatusView.json(Statuses.deploying("1.4.2"), List.of()));

    assertThat(json.path("retrying").isArray()).isTrue();
    assertThat(json.path("retrying")).isEmpty();
  }

  // Versions and states, readable

  @Test
  void aCanaryShowsTheVersionItComesFromAndGoesToAndItsShareOfTraffic() {
    String text = StatusView.text(Statuses.canary("1.4.2"), 10);

    assertThat(text).containsPattern("us-east-1 +CANARY +v3 → v4 \\(canary 10%\\)\n").doesNotContain("(was");
  }

  @Test
  void aRolledBackRegionSaysWhichVersionWasTriedAndWhichItIsBackOn() {
    assertThat(StatusView.text(Statuses.rolledBack("1.4.2"), 10))
        .containsPattern("us-east-1 +ROLLED_BACK +tried v4, back on v3\n");
  }

  @Test
  void whatARolledBackReleaseNeverReachedSaysNotTouched() {
    String text = StatusView.text(Statuses.rolledBack("1.4.2"), 10);

    assertThat(text).contains("flag     ◌ SSM /payments/flags/new-checkout  SKIPPED  not touched\n")
        .containsPattern("rest +CANCELLED\n.*eu-west-1 +SKIPPED +not touched \\(its wave stopped")
        .containsPattern("rest +PENDING +not reached").doesNotContain("approve:");
  }

  @Test
  void regionsAndAFlagLeftPendingByAReleaseThatStoppedSayNotTouched() {
    // As older releases report them: nothing moved PENDING on when the release stopped.
    String text = StatusView.text(Statuses.inPhase(Statuses.awaitingApproval("1.4.2"), ReleasePhase.FAILED), 10);

    assertThat(text).containsPattern("eu-west-1 +PENDING +not touched\n")
        .contains("SSM /payments/flags/new-checkout  PENDING  not touched");
  }

  @Test
  void aFlagThatDidNotExistBeforeShowsNotSetToItsValue() {
    assertThat(StatusView.text(Statuses.released("1.4.2"), 10))
        .contains("flag     ✓ SSM /payments/flags/new-checkout  ON  not set → true\n").doesNotContain("absent");
  }

  @Test
  void theFlagsValuesAreInTheJsonAsTheyAreWithoutQuotes() throws IOException {
    var flag = new FlagStatus("SSM /payments/flags/new-checkout", FlagState.ON, "on", "off", false, null);
    var status = Statuses.withFlag(Statuses.released("1.4.2"), flag);

    JsonNode json = new ObjectMapper().readTree(StatusView.json(status, List.of())).path("flag");

    assertThat(json.path("value").asText()).isEqualTo("on");
    assertThat(json.path("previousValue").asText()).isEqualTo("off");
    assertThat(json.path("previousAbsent").asBoolean()).isFalse();
    assertThat(StatusView.text(status, 10)).contains("ON  off → on");
  }

  // Times: countdowns and durations in text, instants in JSON

  @Test
  void statusShowsWhenTheReleaseStartedAndHowLongItHasRun() {
    String text = StatusView.text(Statuses.awaitingApproval("1.4.2"), 10, List.of(),
        StatusView.Rendering.plain(Statuses.GATE_OPENED.plusSeconds(90)));

    assertThat(text).contains("started  2026-03-02 10:00:00 UTC, running for 16m30s\n");
  }

  @Test
  void anEndedReleaseShowsHowLongItTookAndWhenItEnded() {
    String text = StatusView.text(Statuses.released("1.4.2"), 10, List.of(),
        StatusView.Rendering.plain(Statuses.T0.plus(Duration.ofDays(1))));

    assertThat(text).contains("started  2026-03-02 10:00:00 UTC, took 1h02m (ended 2026-03-02 11:02:05)")
        .containsPattern("canary-region +DONE +took 12m04s\n").containsPattern("rest +DONE +took 43m30s\n")
        .contains("APPROVED   by bob \"canary fine\" at 2026-03-02 10:16:30 after 1m30s");
  }

  @Test
  void aWaitingGateCountsDownToItsRejectionAndShowsItsApproveCommand() {
    Instant now = Statuses.GATE_OPENED.plusSeconds(90);
    var commands = new OperatorCommands("shepherd", List.of("--address", "127.0.0.1:40527"), "alice");

    String text = StatusView.text(Statuses.awaitingApproval("1.4.2"), 10, List.of(),
        new StatusView.Rendering(TextStyle.PLAIN, now, ZoneOffset.UTC, commands, List.of()));

    List<String> lines = text.lines().toList();
    int gate = lines.indexOf("  ● rest             WAITING    waiting 1m30s; rejects in 71h58m");
    assertThat(gate).as(text).isPositive();
    assertThat(lines.get(gate + 1))
        .isEqualTo("      approve: shepherd approve payments/1.4.2 --gate rest --as alice --address 127.0.0.1:40527");
    assertThat(text).as("the workflow's deadline, readable").contains("rejects at 2026-03-05 10:15:00 (in 71h58m)")
        .doesNotContain("T10:15:00Z");
  }

  @Test
  void aBakingWaveCountsDownTheBakeAndTheWorkflowsInstantsAreShownToTheSecond() {
    Instant now = Statuses.T0.plus(Duration.ofMinutes(16));
    Instant bakeEnds = now.plusSeconds(192).minusMillis(701);  // as the workflow has it: 10:19:11.299Z

    String text = StatusView.text(Statuses.baking("1.4.2", bakeEnds), 10, List.of(), StatusView.Rendering.plain(now));

    assertThat(text).containsPattern("canary-region +BAKING +bake 3m12s left \\(of 5m00s\\)\n")
        .contains("phase    BAKING - baking wave canary-region (1/2) until 10:19:11 (in 3m12s); watching alarms")
        .doesNotContain(".299Z");
  }

  @Test
  void theJsonKeepsTheInstantsAsTheyAre() throws IOException {
    Instant bakeEnds = Instant.parse("2026-03-02T10:19:11.299Z");

    JsonNode json = new ObjectMapper().readTree(StatusView.json(Statuses.baking("1.4.2", bakeEnds), List.of()));

    assertThat(json.path("waves").get(0).path("waitUntil").asText()).isEqualTo("2026-03-02T10:19:11.299Z");
    assertThat(json.path("startedAt").asText()).isEqualTo("2026-03-02T10:00:00Z");
    assertThat(json.path("gates").get(0).path("timeoutAt").asText()).isEqualTo("2026-03-05T10:00:00Z");
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({"PT0S, 0s", "PT42S, 42s", "PT3M5S, 3m05s", "PT1H2M5S, 1h02m", "PT71H58M30S, 71h58m", "PT100H, 4d04h",
      "-PT3S, 0s"})
  void durationsAreShownInTheirTwoLargestUnits(Duration d, String shown) {
    assertThat(HumanTime.duration(d)).isEqualTo(shown);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = ReleasePhase.class, names = {"FAILED", "ROLLED_BACK", "ROLLBACK_FAILED", "ABANDONED"})
  void aReleaseThatDidNotReleaseExitsOne(ReleasePhase phase) {
    assertThat(StatusView.exitCode(phase)).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = ReleasePhase.class, names = {"FAILED", "ROLLED_BACK", "ROLLBACK_FAILED", "ABANDONED"},
      mode = EnumSource.Mode.EXCLUDE)
  void aReleaseThatIsReleasedOrStillGoingExitsZero(ReleasePhase phase) {
    assertThat(StatusView.exitCode(phase)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ReleasePhase.class)
  void watchStopsAtTheEndAndWhenTheRollbackDidNotComplete(ReleasePhase phase) {
    boolean expected = phase == ReleasePhase.RELEASED || phase == ReleasePhase.FAILED
        || phase == ReleasePhase.ROLLED_BACK || phase == ReleasePhase.ROLLBACK_FAILED
        || phase == ReleasePhase.ABANDONED;

    assertThat(StatusView.stopsWatch(phase)).isEqualTo(expected);
  }
}
