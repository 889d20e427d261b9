package dev.shepherd.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.cloud.AliasMoveRequest;
import dev.shepherd.cloud.AliasRef;
import dev.shepherd.cloud.AliasRestoreRequest;
import dev.shepherd.cloud.AliasState;
import dev.shepherd.cloud.CanaryRouteRequest;
import dev.shepherd.cloud.CodeUpdate;
import dev.shepherd.cloud.CodeUpdateRequest;
import dev.shepherd.cloud.PublishRequest;
import dev.shepherd.cloud.RollbackTarget;
import dev.shepherd.cloud.RollbackTargets;
import dev.shepherd.cloud.RollbackTargetsRequest;
import dev.shepherd.cloud.UndoOutcome;
import dev.shepherd.cloud.UndoResult;
import dev.shepherd.release.FailureType;
import dev.shepherd.spec.CanaryWeight;
import dev.shepherd.spec.Region;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated Lambda deployment: conditional alias changes and undos, as the AWS provider does them. */
class SimDeployActivitiesTest {

  private static final Region EAST = Region.of("us-east-1");
  private static final String FUNCTION = "payments-api";
  private static final String ALIAS = "live";
  private static final AliasRef LIVE = new AliasRef(EAST, FUNCTION, ALIAS);
  private static final String RELEASE = "release/payments/1.4.2";

  private final SimulatedCloud cloud = new SimulatedCloud().addFunction(EAST, FUNCTION, ALIAS);
  private final SimDeployActivities deploy = new SimDeployActivities(cloud);

  @Test
  void theRollbackTargetCarriesTheAliasRevisionWhichChangesOnEveryWrite() {
    RollbackTarget before = deploy.captureRollbackTarget(LIVE);
    assertThat(before.state()).isEqualTo(AliasState.of("1"));
    assertThat(before.revisionId()).startsWith("rev-");
    String v2 = publishNewCode("build-2");
    deploy.routeCanary(canary(v2, 10, before.state()));
    assertThat(cloud.aliasRevision(EAST, FUNCTION, ALIAS)).isNotEqualTo(before.revisionId());
  }

  @Test
  void aWavesRollbackTargetsAreReadInOneCallEachWithItsRegionsRevisionInTheRequestsOrder() {
    Region west = Region.of("eu-west-1");
    cloud.addFunction(west, FUNCTION, ALIAS).moveAlias(west, FUNCTION, ALIAS, "3");
    AliasRef westLive = new AliasRef(west, FUNCTION, ALIAS);

    RollbackTargets targets = deploy.captureRollbackTargets(new RollbackTargetsRequest(List.of(westLive, LIVE)));

    assertThat(targets.targets()).extracting(RollbackTarget::state).containsExactly(AliasState.of("3"), AliasState.of("1"));
    assertThat(targets.targets()).extracting(RollbackTarget::revisionId)
        .containsExactly(cloud.aliasRevision(west, FUNCTION, ALIAS), cloud.aliasRevision(EAST, FUNCTION, ALIAS));
  }

  @Test
  void givenOneRegionOfAWaveHasNoSuchAlias_readingTheWavesTargetsFailsNotFoundNamingIt() {
    Region west = Region.of("eu-west-1");
    cloud.addFunction(west, FUNCTION, ALIAS).deleteAlias(west, FUNCTION, ALIAS);
    assertThatThrownBy(() -> deploy.captureRollbackTargets(new RollbackTargetsRequest(
        List.of(LIVE, new AliasRef(west, FUNCTION, ALIAS)))))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureType.NOT_FOUND.name());
          assertThat(f.getOriginalMessage()).contains("eu-west-1");
        });
  }

  @Test
  void aRetriedCanaryStepFindsTheAliasAlreadyRoutedAndWritesNothing() {
    RollbackTarget before = deploy.captureRollbackTarget(LIVE);
    String v2 = publishNewCode("build-2");
    deploy.routeCanary(canary(v2, 10, before.state()));
    String revision = cloud.aliasRevision(EAST, FUNCTION, ALIAS);
    assertThat(deploy.routeCanary(canary(v2, 10, before.state()))).isEqualTo(new AliasState("1", "2", 10));
    assertThat(cloud.aliasRevision(EAST, FUNCTION, ALIAS)).isEqualTo(revision);
  }

  @Test
  void givenTheAliasWasMovedAfterTheCapture_theCanaryStepFailsAliasMovedAndLeavesItAlone() {
    RollbackTarget before = deploy.captureRollbackTarget(LIVE);
    String v2 = publishNewCode("build-2");
    cloud.moveAlias(EAST, FUNCTION, ALIAS, "3");
    assertThatThrownBy(() -> deploy.routeCanary(canary(v2, 10, before.state())))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureType.ALIAS_MOVED.name());
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).contains("payments-api:live in us-east-1")
              .contains("expected version 1").contains("found version 3");
        });
    assertThat(cloud.alias(EAST, FUNCTION, ALIAS)).isEqualTo(AliasState.of("3"));
    assertThat(ops()).contains("REFUSED us-east-1").doesNotContain("ROUTE_CANARY us-east-1");
  }

  @Test
  void givenTheCanaryWasChangedByHand_promotionFailsAliasMoved() {
    RollbackTarget before = deploy.captureRollbackTarget(LIVE);
    String v2 = publishNewCode("build-2");
    AliasState routed = deploy.routeCanary(canary(v2, 10, before.state()));
    cloud.moveAlias(EAST, FUNCTION, ALIAS, new AliasState("1", "2", 50));
    assertThatThrownBy(() -> deploy.promote(new AliasMoveRequest(LIVE, v2, routed)))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getOriginalMessage())
            .contains("expected version 1 with 10% on version 2").contains("found version 1 with 50% on version 2"));
  }

  @Test
  void aMoveWithoutExpectationIsNotChecked() {
    String v2 = publishNewCode("build-2");
    cloud.moveAlias(EAST, FUNCTION, ALIAS, "3");
    assertThat(deploy.promote(new AliasMoveRequest(LIVE, v2, null))).isEqualTo(AliasState.of("2"));
  }

  @Test
  void givenACanary_restoringPutsTheAliasBackOnTheOldVersionWithNoRouting() {
    RollbackTarget before = deploy.captureRollbackTarget(LIVE);
    String v2 = publishNewCode("build-2");
    deploy.routeCanary(canary(v2, 10, before.state()));

    UndoResult undo = deploy.restoreAlias(new AliasRestoreRequest(LIVE, before, RELEASE, List.of(v2)));

    assertThat(undo).isEqualTo(new UndoResult(UndoOutcome.RESTORED, "version 1 with 10% on version 2"));
    assertThat(cloud.alias(EAST, FUNCTION, ALIAS)).isEqualTo(AliasState.of("1"));
    assertThat(ops()).contains("ROLLBACK us-east-1");
  }

  @Test
  void givenAPromotion_restoringPutsTheAliasBackAndARetryFindsItUnchanged() {
    RollbackTarget before = deploy.captureRollbackTarget(LIVE);
    String v2 = publishNewCode("build-2");
    AliasState routed = deploy.routeCanary(canary(v2, 10, before.state()));
    deploy.promote(new AliasMoveRequest(LIVE, v2, routed));
    AliasRestoreRequest undo = new AliasRestoreRequest(LIVE, before, RELEASE, List.of(v2));

    assertThat(deploy.restoreAlias(undo)).isEqualTo(new UndoResult(UndoOutcome.RESTORED, "version 2"));
    assertThat(deploy.restoreAlias(undo)).isEqualTo(new UndoResult(UndoOutcome.UNCHANGED, "version 1"));
    assertThat(cloud.alias(EAST, FUNCTION, ALIAS)).isEqualTo(AliasState.of("1"));
    assertThat(ops()).containsOnlyOnce("ROLLBACK us-east-1");
  }

  @Test
  void givenTheAliasWasNeverMoved_restoringWritesNothing() {
    RollbackTarget before = deploy.captureRollbackTarget(LIVE);
    String v2 = publishNewCode("build-2");

    UndoResult undo = deploy.restoreAlias(new AliasRestoreRequest(LIVE, before, RELEASE, List.of(v2)));

    assertThat(undo).isEqualTo(new UndoResult(UndoOutcome.UNCHANGED, "version 1"));
    assertThat(cloud.aliasRevision(EAST, FUNCTION, ALIAS)).as("no write").isEqualTo(before.revisionId());
    assertThat(ops()).contains("ROLLBACK_SKIPPED us-east-1").doesNotContain("ROLLBACK us-east-1");
  }

  @Test
  void givenSomeoneMovedTheAliasToAnotherVersion_restoringLeavesItThereAndReportsDrift() {
    RollbackTarget before = deploy.captureRollbackTarget(LIVE);
    String v2 = publishNewCode("build-2");
    AliasState routed = deploy.routeCanary(canary(v2, 10, before.state()));
    deploy.promote(new AliasMoveRequest(LIVE, v2, routed));
    cloud.moveAlias(EAST, FUNCTION, ALIAS, "3");

    UndoResult undo = deploy.restoreAlias(new AliasRestoreRequest(LIVE, before, RELEASE, List.of(v2)));

    assertThat(undo).isEqualTo(new UndoResult(UndoOutcome.DRIFTED, "version 3"));
    assertThat(cloud.alias(EAST, FUNCTION, ALIAS)).isEqualTo(AliasState.of("3"));
    assertThat(ops()).doesNotContain("ROLLBACK us-east-1");
    assertThat(cloud.operations()).anySatisfy(op -> {
      assertThat(op.call()).isEqualTo(CloudCall.ROLLBACK_SKIPPED);
      assertThat(op.detail()).contains("drifted").contains("version 3");
    });
  }

  @Test
  void givenTheReleaseDidNotLearnItsVersion_theVersionDescriptionDecides() {
    RollbackTarget before = deploy.captureRollbackTarget(LIVE);
    String v2 = publishNewCode("build-2");
    deploy.routeCanary(canary(v2, 10, before.state()));

    assertThat(deploy.restoreAlias(new AliasRestoreRequest(LIVE, before, RELEASE, List.of())).outcome())
        .isEqualTo(UndoOutcome.RESTORED);
    assertThat(cloud.alias(EAST, FUNCTION, ALIAS)).isEqualTo(AliasState.of("1"));

    cloud.moveAlias(EAST, FUNCTION, ALIAS, "3");
    assertThat(deploy.restoreAlias(new AliasRestoreRequest(LIVE, before, RELEASE, List.of())))
        .as("a hand-published version is not the release's")
        .isEqualTo(new UndoResult(UndoOutcome.DRIFTED, "version 3"));
  }

  @Test
  void givenTheAliasWasDeleted_restoringFailsNotFound_andOnceRecreatedARetryRestoresIt() {
    RollbackTarget before = deploy.captureRollbackTarget(LIVE);
    String v2 = publishNewCode("build-2");
    deploy.promote(new AliasMoveRequest(LIVE, v2, null));
    cloud.deleteAlias(EAST, FUNCTION, ALIAS);
    AliasRestoreRequest undo = new AliasRestoreRequest(LIVE, before, RELEASE, List.of(v2));

    assertThatThrownBy(() -> deploy.restoreAlias(undo)).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      assertThat(f.getType()).isEqualTo(FailureType.NOT_FOUND.name());
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getOriginalMessage()).contains("payments-api:live").contains("us-east-1");
    });

    cloud.createAlias(EAST, FUNCTION, ALIAS, v2);
    assertThat(deploy.restoreAlias(undo).outcome()).isEqualTo(UndoOutcome.RESTORED);
    assertThat(cloud.alias(EAST, FUNCTION, ALIAS)).isEqualTo(AliasState.of("1"));
  }

  @Test
  void aWriteWithAStaleRevisionIsRefusedRetryably() {
    RollbackTarget before = deploy.captureRollbackTarget(LIVE);
    cloud.moveAlias(EAST, FUNCTION, ALIAS, "3");
    assertThatThrownBy(() -> cloud.writeAlias(EAST, FUNCTION, ALIAS, AliasState.of("1"), before.revisionId()))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isFalse());
    assertThat(cloud.alias(EAST, FUNCTION, ALIAS)).isEqualTo(AliasState.of("3"));
  }

  @Test
  void aFailedUndoIsRecordedAsAFaultNotAsARollback() {
    cloud.failCall(CloudCall.ROLLBACK, EAST, FailureType.ACCESS_DENIED);
    RollbackTarget before = deploy.captureRollbackTarget(LIVE);
    String v2 = publishNewCode("build-2");
    deploy.promote(new AliasMoveRequest(LIVE, v2, null));
    assertThatThrownBy(() -> deploy.restoreAlias(new AliasRestoreRequest(LIVE, before, RELEASE, List.of(v2))))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("ACCESS_DENIED"));
    assertThat(ops()).contains("FAULT us-east-1").doesNotContain("ROLLBACK us-east-1");
  }

  @Test
  void anotherReleaseOfTheSameCodePublishesItsOwnVersionAndARetryPublishesNothingNew() {
    String v2 = publishNewCode("build-2");
    CodeUpdate same = deploy.updateCode(new CodeUpdateRequest(LIVE, "sim://artifacts/build-2.zip", "release/other"));
    PublishRequest other = new PublishRequest(LIVE, same.codeSha256(), "release/other (9.9.9)", "release/other",
        same.revisionId());
    String v3 = deploy.publishVersion(other).version();

    assertThat(v3).isNotEqualTo(v2);
    assertThat(deploy.publishVersion(other).version()).as("a retry").isEqualTo(v3);
    assertThat(cloud.versionDescription(EAST, FUNCTION, v2)).isEqualTo(RELEASE + " (1.4.2)");
    assertThat(cloud.versionDescription(EAST, FUNCTION, v3)).isEqualTo("release/other (9.9.9)");
  }

  @Test
  void anArtifactWhoseDigestIsNotTheBuildsIsRefusedBeforeTheCodeChanges() {
    assertThatThrownBy(() -> deploy.updateCode(new CodeUpdateRequest(LIVE, "sim://artifacts/build-2.zip", RELEASE,
        "0000000000000000000000000000000000000000000000000000000000000000")))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("DEPLOY_FAILED"));
    assertThat(ops()).doesNotContain("UPDATE_CODE us-east-1");
  }

  private String publishNewCode(String build) {
    CodeUpdate code = deploy.updateCode(new CodeUpdateRequest(LIVE, "sim://artifacts/" + build + ".zip", RELEASE));
    return deploy.publishVersion(new PublishRequest(LIVE, code.codeSha256(), RELEASE + " (1.4.2)", RELEASE,
        code.revisionId())).version();
  }

  private static CanaryRouteRequest canary(String version, int percent, AliasState expected) {
    return new CanaryRouteRequest(LIVE, expected.version(), version, CanaryWeight.of(percent), expected);
  }

  private List<String> ops() {
    return cloud.operations().stream().map(op -> op.call() + (op.region() != null ? " " + op.region() : "")).toList();
  }
}
