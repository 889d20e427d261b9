package dev.shepherd.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.worker.SpecReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code hooks} and {@code notifications} sections, and analysis intervals of CloudWatch's periods. */
class HooksAndNotificationsSpecTest {

  @Test
  void givenHooksAndNotifications_theyAreReadWithTheirDefaults() {
    Map<String, Object> doc = document();
    doc.put("hooks", map("beforeTraffic", map("function", "payments-smoke"),
        "afterTraffic", map("function", "payments-smoke:live", "timeout", "90s")));
    doc.put("notifications", map("sns", "arn:aws:sns:eu-west-1:123456789012:payments-releases", "webhook", "payments-slack"));
    ReleaseSpec spec = read(doc);
    assertThat(spec.hooks().beforeTraffic()).isEqualTo(new HookSpec("payments-smoke", HookSpec.DEFAULT_TIMEOUT));
    assertThat(spec.hooks().afterTraffic()).isEqualTo(new HookSpec("payments-smoke:live", Duration.ofSeconds(90)));
    assertThat(spec.notifications()).isEqualTo(new NotificationsSpec("arn:aws:sns:eu-west-1:123456789012:payments-releases",
        "payments-slack"));
  }

  @Test
  void givenNeither_theSpecIsWrittenAsBeforeTheyExisted() throws Exception {
    ReleaseSpec spec = read(document());
    String json = new String(io.temporal.common.converter.DefaultDataConverter.STANDARD_INSTANCE.toPayload(spec)
        .orElseThrow().getData().toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(json).doesNotContain("hooks").doesNotContain("notifications").doesNotContain("analysis");
  }

  @Test
  void givenBadHooksAndNotifications_everyProblemIsReportedWithItsPath() {
    Map<String, Object> doc = document();
    doc.put("hooks", map("beforeTraffic", map("timeout", "20m"),
        "afterTraffic", map("function", "not a function!", "timeout", "500ms", "retries", 3)));
    doc.put("notifications", map("sns", "arn:aws:sqs:us-east-1:123456789012:q", "webhook", "https://hooks.slack.com/x"));
    assertThat(problems(doc)).containsExactlyInAnyOrder(
        "hooks.beforeTraffic.timeout: 20m is longer than the maximum of 15m",
        "hooks.beforeTraffic.function: is required",
        "hooks.afterTraffic.retries: unknown key (expected one of: function, timeout)",
        "hooks.afterTraffic.function: \"not a function!\" is not a Lambda function name, name:qualifier or ARN",
        "hooks.afterTraffic.timeout: 500ms is shorter than 1s",
        "notifications.sns: \"arn:aws:sqs:us-east-1:123456789012:q\" is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)",
        "notifications.webhook: \"https://hooks.slack.com/x\" is not a webhook name: 1-63 lower-case letters, digits,"
            + " '-' or '_', naming a webhook the worker knows (--webhook NAME=URL); never the URL");
  }

  @Test
  void givenEmptySections_theySayWhatIsMissing() {
    Map<String, Object> doc = document();
    doc.put("hooks", map());
    doc.put("notifications", map("sns", "arn:aws:sns:xx-nowhere-9:123456789012:t"));
    assertThat(problems(doc)).containsExactlyInAnyOrder(
        "hooks: names no hook; give beforeTraffic, afterTraffic or both (or leave hooks out)",
        "notifications.sns: \"xx-nowhere-9\" is not an AWS region");
    doc.put("notifications", map());
    assertThat(problems(doc)).contains("notifications: names no channel; give sns (a topic ARN), webhook (a name the"
        + " worker maps to a URL) or both (or leave notifications out)");
  }

  @Test
  void givenAnAnalysisWindowOfMoreThan1440Intervals_itAsksForALongerInterval() {
    Map<String, Object> doc = document();
    doc.put("analysis", map("interval", "1s", "maxExtensions", 3, "signals", list(map("errorRate", map()))));
    assertThat(problems(doc)).as("5m and 3 extensions: 1,200 one-second intervals").isEmpty();
    doc.put("analysis", map("interval", "1s", "maxExtensions", 4, "signals", list(map("errorRate", map()))));
    assertThat(problems(doc)).containsExactly("analysis.interval: 1s cuts a window of 25m (5m and 4 extensions)"
        + " into 1500 intervals; at most 1440: give a longer interval");
  }

  @Test
  void analysisIntervalsAreCloudWatchPeriods() {
    for (String ok : List.of("1s", "5s", "10s", "30s", "1m", "5m", "1h")) {
      assertThat(AnalysisSpec.isCloudWatchPeriod(Durations.parse(ok).orElseThrow())).as(ok).isTrue();
    }
    for (String bad : List.of("2s", "45s", "90s", "1500ms", "0s")) {
      assertThat(AnalysisSpec.isCloudWatchPeriod(Durations.parse(bad).orElseThrow())).as(bad).isFalse();
    }
  }

  // --- helpers ---------------------------------------------------------------------------------------

  private static ReleaseSpec read(Map<String, Object> doc) {
    SpecReader.Result result = SpecReader.read(doc);
    assertThat(result.problems()).isEmpty();
    return result.spec();
  }

  private static List<String> problems(Map<String, Object> doc) {
    return SpecReader.read(doc).problems().stream().map(SpecProblem::toString).toList();
  }

  private static Map<String, Object> document() {
    return map(
        "application", "payments",
        "build", map("codebuild", map("project", "payments-build"), "timeout", "30m"),
        "deploy", map(
            "lambda", map("function", "payments-api", "alias", "live"),
            "canary", map("weight", 10, "duration", "5m")),
        "waves", list(map("name", "canary-region", "regions", list("us-east-1"), "bake", "1h")),
        "policy", map("onFailure", "rollback"));
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static List<Object> list(Object... items) {
    return new ArrayList<>(Arrays.asList(items));
  }
}
