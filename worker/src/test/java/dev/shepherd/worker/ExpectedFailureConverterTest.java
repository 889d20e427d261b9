package dev.shepherd.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.shepherd.release.FailureType;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.client.ActivityWorkerShutdownException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a log line looks like with {@code %failure}, as the logback configurations of the jar write it. */
class ExpectedFailureConverterTest {

  private final LoggerContext logging = new LoggerContext();
  private final PatternLayout layout = new PatternLayout();

  @BeforeEach
  void layOutAsLogbackXmlDoes() {
    layout.setContext(logging);
    layout.getInstanceConverterMap().put("failure", ExpectedFailureConverter::new);
    layout.setPattern("%-5level %logger{20} - %msg%failure%n");
    layout.start();
  }

  @Test
  void givenARegionThatFailedOnAnAlarm_theSdksWarningIsOneLineSayingWhy() {
    ApplicationFailure alarm = FailureType.ALARM.failure("alarm payments-5xx in eu-west-1 is in ALARM");
    Throwable regionFailed = ApplicationFailure.newNonRetryableFailureWithCause(alarm.getOriginalMessage(),
        FailureType.ALARM.name(), new ActivityFailure("Activity task failed", 30, 31, "WatchAlarms", "a1",
            RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE, "worker", alarm));

    String line = logged("Workflow execution failure WorkflowId='release/payments/1.4.2/eu-west-1'", regionFailed);

    assertThat(line).isEqualTo("WARN  i.t.i.s.WorkflowExecutionHandler - Workflow execution failure "
        + "WorkflowId='release/payments/1.4.2/eu-west-1' (ALARM: alarm payments-5xx in eu-west-1 is in ALARM)"
        + System.lineSeparator());
  }

  @Test
  void givenAWatchStoppedByTheWorkersShutdown_itIsOneLineSayingSo() {
    String line = logged("Activity failure. activityType=WatchAlarms", new ActivityWorkerShutdownException());

    assertThat(line).endsWith("Activity failure. activityType=WatchAlarms (the worker is shutting down)"
        + System.lineSeparator());
  }

  @Test
  void givenACancellation_itIsOneLineSayingSo() {
    String line = logged("Promise completed with exception and was never accessed.", new CanceledFailure("stop"));

    assertThat(line.lines()).singleElement().asString().endsWith("never accessed. (cancelled)");
  }

  @Test
  void givenAFailureMessageOnSeveralLines_itStaysOnTheLine() {
    String line = logged("failed", FailureType.DEPLOY_FAILED.failure("first\nsecond"));

    assertThat(line.lines()).singleElement().asString().endsWith("failed (DEPLOY_FAILED: first second)");
  }

  @Test
  void givenABugInOurCode_theFullTraceFollowsTheLine() {
    String logged = logged("Activity failure. activityType=Deploy", new NullPointerException("alias is null"));

    assertThat(logged.lines().toList()).first().isEqualTo("WARN  i.t.i.s.WorkflowExecutionHandler - Activity failure. "
        + "activityType=Deploy");
    assertThat(logged).contains("java.lang.NullPointerException: alias is null")
        .contains("\tat dev.shepherd.worker.ExpectedFailureConverterTest.").endsWith(System.lineSeparator());
  }

  @Test
  void givenAFailureOfATypeShepherdDoesNotDefine_orOneCausedByABug_theTraceIsKept() {
    ApplicationFailure wrappedBug = ApplicationFailure.newFailure("boom", "java.lang.IllegalStateException");
    Throwable deployFailedOnABug = ApplicationFailure.newNonRetryableFailureWithCause("deploy failed",
        FailureType.DEPLOY_FAILED.name(), new ActivityFailure("Activity task failed", 1, 2, "Deploy", "a2",
            RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE, "worker", wrappedBug));

    assertThat(logged("failed", wrappedBug)).contains("\tat ");
    assertThat(logged("failed", deployFailedOnABug)).contains("\tat ").contains("boom");
  }

  @Test
  void givenNoFailure_theLineIsTheMessage() {
    assertThat(logged("worker polling task queue shepherd-releases", null))
        .isEqualTo("WARN  i.t.i.s.WorkflowExecutionHandler - worker polling task queue shepherd-releases"
            + System.lineSeparator());
  }

  private String logged(String message, Throwable failure) {
    Logger logger = logging.getLogger("io.temporal.internal.sync.WorkflowExecutionHandler");
    return layout.doLayout(new LoggingEvent(Logger.class.getName(), logger, Level.WARN, message, failure, null));
  }
}
