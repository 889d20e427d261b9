package dev.shepherd.release.story;

import dev.shepherd.release.FailureType;
import dev.shepherd.release.status.ReleasePhase;
import com.uber.m3.tally.Scope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a release counts and times for Prometheus: releases started and how they ended, rollbacks that
 * failed, and how long releasing, rolling back and waiting for approval took.
 *
 * <p>Everything goes through {@link Workflow#getMetricsScope()}, which the SDK wraps so that nothing is
 * recorded while a workflow replays its history (after a worker restart or a cache eviction): each event
 * is counted by the execution that lived it. (A workflow task cut short after it counted, its worker
 * killed mid-task, runs again live and counts again: rare, and never fewer.) Emitting metrics writes no
 * command, so no {@code getVersion} is needed. Durations are workflow time ({@link ReleaseState#now()}),
 * so they are right after a replay too. The SDK's tags on the scope ({@code namespace}, {@code task_queue},
 * {@code workflow_type}, and others set to {@code none}) come with every series.
 *
 * <p>The names are Tally's; Micrometer's Prometheus registry adds {@code _total} to counters and
 * {@code _seconds} to timers, e.g. {@code shepherd_releases_started_total}. Timers, not Tally histograms:
 * the SDK's Micrometer reporter drops histogram samples and turns timers into Micrometer timers, whose
 * buckets the worker sets to {@link #DURATION_BUCKETS}.
 */
public final class ReleaseMetrics {

  /** Every name starts with this. */
  public static final String PREFIX = "shepherd_";
  /** Counter {application}: a release whose request was valid began (before its lock and admission). */
  public static final String STARTED = PREFIX + "releases_started";
  /**
   * Counter {application, outcome, reason}: a release ended. Outcome: released, rolled_back, failed
   * (stopped before it changed anything), abandoned. Reason: {@link #reason}; {@code none} when released.
   * A release that Temporal terminates ends without its code knowing, and is not counted.
   */
  public static final String ENDED = PREFIX + "releases_ended";
  /**
   * Counter {application, reason}: a rollback failed and the release waits in ROLLBACK_FAILED for a person;
   * counted each time it gets there. The release is not over: it ends later, rolled back or abandoned.
   */
  public static final String ROLLBACKS_FAILED = PREFIX + "rollbacks_failed";
  /** Timer {application}: from the start of a release to RELEASED. */
  public static final String RELEASE_DURATION = PREFIX + "release_duration";
  /**
   * Timer {application, reason}: from the moment a release stopped going forward (its running step
   * stopped on the failure) to ROLLED_BACK, including any time spent in ROLLBACK_FAILED.
   */
  public static final String ROLLBACK_DURATION = PREFIX + "rollback_duration";
  /**
   * Timer {application, gate, decision}: how long a gate waited; decision approved, rejected or timed_out.
   */
  public static final String APPROVAL_WAIT = PREFIX + "approval_wait";

  /** The histogram buckets of every timer above: from a second to a week. */
  public static final List<Duration> DURATION_BUCKETS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
      Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
      Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30),
      Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(12),
      Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(3), Duration.ofDays(7));

  private ReleaseMetrics() {}

  /**
   * The {@code reason} label of a release that did not reach RELEASED, from the failure type it ended with.
   * This is the one place the mapping is kept:
   *
   * <ul>
   *   <li>{@code alarm}: ALARM, BLIND (no alarm readable for too long), ALARM_BLOCKED;
   *   <li>{@code rejection}: REJECTED;
   *   <li>{@code timeout}: APPROVAL_TIMEOUT, PAUSE_TIMEOUT;
   *   <li>{@code abort}: ABORTED, OPERATOR_ROLLBACK (an operator rolled a paused release back);
   *   <li>{@code preflight}, {@code build}, {@code test}, {@code deploy}: that step failed; ALIAS_MOVED
   *       (someone moved the alias during the deploy) counts as {@code deploy};
   *   <li>{@code cloud}: NOT_FOUND, ACCESS_DENIED, INVALID_REQUEST (the cloud refused a request, in
   *       whichever step);
   *   <li>{@code forbidden}, {@code locked}, {@code history_limit}, {@code invalid_spec}: the type's name;
   *   <li>{@code other}: types that are outcomes rather than causes, should one ever get here;
   *
   *   <li>{@code analysis}: ANALYSIS_FAILED, ANALYSIS_INCONCLUSIVE (canary analysis);
   *   <li>{@code hook}: HOOK_FAILED (a smoke-test hook).
   * </ul>
   *
   * <p>The switch names every type, so a new one does not compile until it is given a reason here.
   */
  public static String reason(FailureType type) {
    return switch (type) {
      case ALARM, BLIND, ALARM_BLOCKED -> "alarm";
      case ANALYSIS_FAILED, ANALYSIS_INCONCLUSIVE -> "analysis";
      case HOOK_FAILED -> "hook";
      case REJECTED -> "rejection";
      case APPROVAL_TIMEOUT, PAUSE_TIMEOUT -> "timeout";
      case ABORTED, OPERATOR_ROLLBACK -> "abort";
      case PREFLIGHT_FAILED -> "preflight";
      case BUILD_FAILED -> "build";
      case TEST_FAILED -> "test";
      case DEPLOY_FAILED, ALIAS_MOVED -> "deploy";
      case NOT_FOUND, ACCESS_DENIED, INVALID_REQUEST -> "cloud";
      case FORBIDDEN -> "forbidden";
      case LOCKED -> "locked";
      case HISTORY_LIMIT -> "history_limit";
      case INVALID_SPEC -> "invalid_spec";
      case NOT_UNDER_A_RELEASE, ROLLED_BACK, ROLLBACK_FAILED, ABANDONED -> "other";
    };
  }

  /** The release began: its request is valid. */
  static void started(ReleaseState state) {
    release(state).counter(STARTED).inc(1);
  }

  /** The release reached RELEASED: counted, and its duration from the start recorded. */
  static void released(ReleaseState state) {
    Scope scope = release(state);
    scope.tagged(Map.of("outcome", outcome(state.phase()), "reason", "none")).counter(ENDED).inc(1);
    scope.timer(RELEASE_DURATION).record(since(state.startedAt));
  }

  /**
   * The release ended short of RELEASED (its phase says how): counted by why; when ROLLED_BACK, the time
   * from {@code stoppedAt}, when it stopped going forward, recorded.
   */
  static void ended(ReleaseState state, FailureType cause, Instant stoppedAt) {
    Scope byReason = release(state).tagged(Map.of("reason", reason(cause)));
    byReason.tagged(Map.of("outcome", outcome(state.phase()))).counter(ENDED).inc(1);
    if (state.phase() == ReleasePhase.ROLLED_BACK) {
      byReason.timer(ROLLBACK_DURATION).record(since(stoppedAt));
    }
  }

  /** A rollback failed: the release now waits in ROLLBACK_FAILED. */
  static void rollbackFailed(ReleaseState state, FailureType cause) {
    release(state).tagged(Map.of("reason", reason(cause))).counter(ROLLBACKS_FAILED).inc(1);
  }

  /** A gate was approved, rejected or timed out: how long it waited. */
  public static void gateDecided(ReleaseState state, GateTracker gate) {
    if (gate.waitingSince() == null || gate.decidedAt() == null) {
      return;
    }
    release(state).tagged(Map.of("gate", gate.name(), "decision", gate.state().name().toLowerCase(Locale.ROOT)))
        .timer(APPROVAL_WAIT).record(between(gate.waitingSince(), gate.decidedAt()));
  }

  private static Scope release(ReleaseState state) {
    return Workflow.getMetricsScope().tagged(Map.of("application", state.spec.application()));
  }

  private static String outcome(ReleasePhase phase) {
    return phase.name().toLowerCase(Locale.ROOT);
  }

  private static com.uber.m3.util.Duration since(Instant from) {
    return between(from, ReleaseState.now());
  }

  private static com.uber.m3.util.Duration between(Instant from, Instant to) {
    return com.uber.m3.util.Duration.ofNanos(Duration.between(from, to).toNanos());
  }
}
