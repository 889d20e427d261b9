package dev.shepherd.release;

import dev.shepherd.release.operator.GateDecision;
import dev.shepherd.release.operator.OperatorAction;
import dev.shepherd.release.status.ReleasePhase;
import dev.shepherd.release.status.ReleaseStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.cloud.Notification;
import dev.shepherd.cloud.NotificationKind;
import dev.shepherd.sim.SimulatedCloud;
import dev.shepherd.sim.CloudCall;
import dev.shepherd.spec.NotificationsSpec;
import dev.shepherd.spec.OnFailure;
import dev.shepherd.spec.PolicySpec;
import dev.shepherd.spec.Region;
import dev.shepherd.spec.ReleaseSpec;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Release notifications on the in-memory test environment with the simulated cloud, which records what it
 * would send: which events notify, with what, in order, once each; a channel that fails never holds up or fails
 * a release; a spec without notifications sends nothing and records nothing in history.
 */
class NotificationTest {

  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:payments-releases";
  private static final Region EAST = Region.of("us-east-1");

  private static ReleaseSpec withNotifications(ReleaseSpec base) {
    return new ReleaseSpec(base.application(), base.build(), base.test(), base.deploy(), base.alarms(), base.waves(),
        base.flag(), base.approvers(), base.policy(), base.analysis(), base.hooks(),
        new NotificationsSpec(TOPIC, "payments-slack"));
  }

  private static List<NotificationKind> kinds(SimulatedCloud cloud) {
    return cloud.notifications().stream().map(Notification::kind).toList();
  }

  @Test
  void givenAGate_itNotifiesTheWaitWithTheGateThenTheDecisionThenTheRelease_eachOnceOnTheSpecsChannels() {
    ReleaseSpec spec = withNotifications(TestSpecs.twoWaves());
    try (var h = new ReleaseHarness(spec)) {
      var run = h.start("1.4.2", "carol");
      run.awaitPhase(ReleasePhase.AWAITING_APPROVAL);
      run.awaitStatus("the wait notified", s -> !h.cloud.notifications().isEmpty());
      Notification waiting = h.cloud.notifications().get(0);
      assertThat(waiting.kind()).isEqualTo(NotificationKind.GATE_WAITING);
      assertThat(waiting.gate()).isEqualTo("rest");
      assertThat(waiting.title()).isEqualTo("payments 1.4.2: gate rest waits for approval");
      assertThat(waiting.text()).contains("Started by carol").contains("approvers: alice, bob");
      assertThat(waiting.workflowId()).isEqualTo(run.workflowId);
      assertThat(waiting.runId()).isNotBlank();
      assertThat(waiting.sns()).isEqualTo(TOPIC);
      assertThat(waiting.webhook()).isEqualTo("payments-slack");
      assertThat(waiting.urgent()).isFalse();

      run.stub.approve(new GateDecision("rest", "bob", "canary looks good"));
      assertThat(run.result().status().phase()).isEqualTo(ReleasePhase.RELEASED);
      assertThat(kinds(h.cloud)).containsExactly(NotificationKind.GATE_WAITING, NotificationKind.GATE_DECIDED,
          NotificationKind.RELEASED);
      Notification decided = h.cloud.notifications().get(1);
      assertThat(decided.title()).isEqualTo("payments 1.4.2: gate rest approved by bob");
      assertThat(decided.text()).contains("canary looks good");
      assertThat(h.cloud.notifications().get(2).text()).contains("us-east-1, eu-west-1, ap-southeast-2")
          .contains("the flag is on");
      assertThat(h.cloud.notifications()).extracting(Notification::id).doesNotHaveDuplicates()
          .allSatisfy(id -> assertThat(id).startsWith(run.workflowId + "/" + waiting.runId() + "/"));
      run.recordHistories("notifications");
    }
  }

  @Test
  void givenAnAlarm_itNotifiesTheRollbackStartedAndFinished() {
    ReleaseSpec spec = withNotifications(TestSpecs.twoWaves());
    var cloud = SimulatedCloud.forSpec(spec).tripAlarm(EAST, TestSpecs.ALARM, CloudCall.ROUTE_CANARY, EAST, Duration.ZERO);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      assertThat(run.failureType()).isEqualTo(FailureType.ALARM.name());
      // Queued in this order (their ids count up); sent as activities nobody waits for, so two sent close
      // together may arrive in either order.
      assertThat(kinds(h.cloud)).containsExactlyInAnyOrder(NotificationKind.ROLLBACK_STARTED, NotificationKind.ROLLED_BACK);
      Notification started = h.cloud.notifications().stream()
          .filter(n -> n.kind() == NotificationKind.ROLLBACK_STARTED).findFirst().orElseThrow();
      Notification finished = h.cloud.notifications().stream()
          .filter(n -> n.kind() == NotificationKind.ROLLED_BACK).findFirst().orElseThrow();
      assertThat(started.text()).contains("payments-5xx");
      assertThat(finished.title()).isEqualTo("payments 1.4.2: rolled back");
      assertThat(sequence(started)).as("queued first").isLessThan(sequence(finished));
    }
  }

  @Test
  void givenARollbackThatFails_itNotifiesUrgently() {
    ReleaseSpec spec = withNotifications(TestSpecs.spec().withoutGates().build());
    var cloud = SimulatedCloud.forSpec(spec)
        .tripAlarm(EAST, TestSpecs.ALARM, CloudCall.PROMOTE, EAST, Duration.ZERO)
        .failCall(CloudCall.ROLLBACK, EAST, FailureType.ACCESS_DENIED);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.ROLLBACK_FAILED);
      run.awaitStatus("the failure notified", s -> kinds(h.cloud).contains(NotificationKind.ROLLBACK_FAILED));
      Notification failed = h.cloud.notifications().get(h.cloud.notifications().size() - 1);
      assertThat(failed.urgent()).isTrue();
      assertThat(failed.title()).isEqualTo("payments 1.4.2: ROLLBACK FAILED, a person must act now");
      assertThat(failed.text()).contains("us-east-1").contains("run rollback to retry what is left, or abandon");
    }
  }

  @Test
  void givenAPauseForAnOperator_itNotifiesThePause() {
    ReleaseSpec spec = withNotifications(TestSpecs.spec().withPolicy(new PolicySpec(OnFailure.PAUSE, null, null, null))
        .withoutGates().build());
    var cloud = SimulatedCloud.forSpec(spec).failCall(CloudCall.PUBLISH, EAST, FailureType.INVALID_REQUEST, 1);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      run.awaitPhase(ReleasePhase.PAUSED);
      run.awaitStatus("the pause notified", s -> kinds(h.cloud).contains(NotificationKind.PAUSED));
      Notification paused = h.cloud.notifications().get(0);
      assertThat(paused.title()).startsWith("payments 1.4.2: paused at deploy wave canary-region");
      assertThat(paused.text()).contains("Retry or roll back before");
      run.stub.retry(new OperatorAction("bob", "fixed"));
      assertThat(run.result().status().phase()).isEqualTo(ReleasePhase.RELEASED);
      assertThat(kinds(h.cloud)).containsExactly(NotificationKind.PAUSED, NotificationKind.RELEASED);
    }
  }

  @Test
  void givenAChannelThatAlwaysFails_theReleaseIsNeitherHeldUpNorFailed() {
    ReleaseSpec spec = withNotifications(TestSpecs.spec().withoutGates().build());
    var cloud = SimulatedCloud.forSpec(spec).failCall(CloudCall.NOTIFY, null, FailureType.ACCESS_DENIED);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      ReleaseStatus done = run.result().status();
      assertThat(done.phase()).isEqualTo(ReleasePhase.RELEASED);
      assertThat(h.cloud.notifications()).as("nothing got through").isEmpty();
      assertThat(h.alias("eu-west-1").version()).isEqualTo("2");
      assertThat(ReleaseHarness.audit(done)).filteredOn(e -> e.action().equals("NOT_NOTIFIED")).as("in the audit log")
          .singleElement().satisfies(e -> assertThat(e.detail()).startsWith("RELEASED: "));
    }
  }

  @Test
  void givenAChannelThatFailsTransiently_theRetryDeliversItOnce() {
    ReleaseSpec spec = withNotifications(TestSpecs.spec().withoutGates().build());
    var cloud = SimulatedCloud.forSpec(spec).failCallTransiently(CloudCall.NOTIFY, null, 2);
    try (var h = new ReleaseHarness(spec, cloud)) {
      var run = h.start("1.4.2");
      assertThat(run.result().status().phase()).isEqualTo(ReleasePhase.RELEASED);
      assertThat(kinds(h.cloud)).containsExactly(NotificationKind.RELEASED);
    }
  }

  @Test
  void givenNoNotificationsInTheSpec_nothingIsSentAndNothingIsInHistory() {
    ReleaseSpec spec = TestSpecs.spec().withoutGates().build();
    try (var h = new ReleaseHarness(spec)) {
      var run = h.start("1.4.2");
      assertThat(run.result().status().phase()).isEqualTo(ReleasePhase.RELEASED);
      assertThat(h.cloud.notifications()).isEmpty();
      assertThat(run.history().getEvents()).filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
          .noneMatch(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("Send"));
    }
  }

  /** The number a notification's id ends with: the order in which the release queued it. */
  private static int sequence(Notification n) {
    return Integer.parseInt(n.id().substring(n.id().lastIndexOf('/') + 1));
  }
}
