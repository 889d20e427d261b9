package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.release.AuditEntry;
import dev.shepherd.release.ReleasePhase;
import dev.shepherd.release.ReleaseStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
        .containsPattern("last +CANCELLED +sa-east-1 +SKIPPED +skipped: its wave stopped before this region "
            + "began; not touched \\(on v9\\)");
  }

  @Test
  void aRegionsDetailIsShown() {
    assertThat(StatusView.text(FAILED_ROLLBACK, 10)).containsPattern(
        "ap-southeast-2 +ROLLBACK_FAILED +v5 \\(was v4\\) - ACCESS_DENIED: not authorized to perform "
            + "lambda:UpdateAlias");
  }

  @Test
  void aDriftedFlagSaysSomeoneChangedItAndItWasLeftAlone() {
    assertThat(StatusView.text(FAILED_ROLLBACK, 10)).contains("flag     SSM /payments/flags/new-checkout  "
        + "DRIFTED "
        + "(was false) - someone changed it after this release set it to true; not restored, left for a person");
  }

  @Test
  void theRollbackPlanIsShownNewestFirstWithEachUndosStateAndDetail() {
    List<String> lines = StatusView.text(FAILED_ROLLBACK, 10).lines().toList();
    int at = lines.indexOf("rollback (newest first, the order it runs)");

    assertThat(at).as("the rollback section").isPositive();
    assertThat(lines.subList(at + 1, at + 5)).containsExactly(
        "  DRIFTED    SSM /payments/flags/new-checkout back to false - found \"maybe\", not \"true\" as this "
            + "release set it; left alone",
        "  FAILED     payments-api:live in ap-southeast-2 back to version 4 - ACCESS_DENIED: not authorized to "
            + "perform lambda:UpdateAlias",
        "  DRIFTED    payments-api:live in eu-west-1 back to version 1 - found on version 7, not on version 2 as "
            + "this release left it; left alone",
        "  RESTORED   payments-api:live in us-east-1 back to version 3");
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

    String text = StatusView.text(Statuses.deploying("1.4.2"), 10, retrying);

    assertThat(text).contains("retrying UpdateCode in eu-west-1: attempt 4, last error: Throttling: Rate exceeded; "
        + "next attempt at 2026-03-02T10:05:00Z\n")
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
