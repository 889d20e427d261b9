package dev.shepherd.spec;

import static dev.shepherd.spec.AnalysisRules.analysis;
import static dev.shepherd.spec.AnalysisRules.intervalsPerWindow;
import static dev.shepherd.spec.DeployRules.buildStep;
import static dev.shepherd.spec.DeployRules.deploy;
import static dev.shepherd.spec.FieldRules.NAME;
import static dev.shepherd.spec.HooksAndNotificationsRules.hooks;
import static dev.shepherd.spec.HooksAndNotificationsRules.notifications;
import static dev.shepherd.spec.RolloutRules.approvers;
import static dev.shepherd.spec.RolloutRules.flag;
import static dev.shepherd.spec.RolloutRules.policy;
import static dev.shepherd.spec.RolloutRules.waves;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The semantic checks of a spec, each problem with its field path. Pure: the CLI runs it before
 * starting anything and the release workflow runs it again on its input.
 *
 * <p>{@link #validate(ReleaseSpec, boolean)} decides which rules run and in what order problems are reported; the
 * rules of each part of the spec are kept with that part ({@code DeployRules}, {@code RolloutRules}, {@code
 * AnalysisRules}, {@code HooksAndNotificationsRules}, and {@code FieldRules} for what they share).
 */
public final class SpecValidator {

  /** The longest bake of a wave ({@code waves[i].bake}) or of the flag ({@code flag.bake}). */
  public static final Duration MAX_BAKE = Duration.ofDays(30);
  /** The longest canary ({@code deploy.canary.duration}). */
  public static final Duration MAX_CANARY_DURATION = Duration.ofHours(24);
  /** The longest build or test ({@code build.timeout}, {@code test.timeout}). */
  public static final Duration MAX_STEP_TIMEOUT = Duration.ofHours(36);
  /** The longest wait for a person ({@code policy.approvalTimeout}, {@code policy.pauseTimeout}). */
  public static final Duration MAX_OPERATOR_WAIT = Duration.ofDays(30);
  /** The longest wait for a region's alarms to go quiet ({@code policy.alarmBlockerTimeout}). */
  public static final Duration MAX_ALARM_BLOCKER_TIMEOUT = Duration.ofHours(24);
  /**
   * The shortest {@code policy.blindAfter}. Watches read the alarms every few seconds (a tenth of the
   * shortest bake or canary, at most every 10s); a second is the floor, for demos and tests.
   */
  public static final Duration MIN_BLIND_AFTER = Duration.ofSeconds(1);
  /** The longest {@code policy.blindAfter}. */
  public static final Duration MAX_BLIND_AFTER = Duration.ofHours(24);
  /** The shortest {@code analysis.interval}: CloudWatch's shortest period, for high-resolution metrics. */
  public static final Duration MIN_ANALYSIS_INTERVAL = Duration.ofSeconds(1);
  /** The longest {@code analysis.interval}. */
  public static final Duration MAX_ANALYSIS_INTERVAL = Duration.ofHours(1);
  /** The most times an INCONCLUSIVE canary may be extended ({@code analysis.maxExtensions}). */
  public static final int MAX_ANALYSIS_EXTENSIONS = 24;
  /** The longest {@code hooks.*.timeout}: Lambda's longest run. */
  public static final Duration MAX_HOOK_TIMEOUT = Duration.ofMinutes(15);
  /** A webhook's name, as the worker's {@code --webhook NAME=URL} gives it. */
  public static final Pattern WEBHOOK_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  /** The most intervals one canary analysis verdict may judge (a day of minutes). */
  public static final int MAX_ANALYSIS_INTERVALS = 1440;
  /** The most signals one analysis may compare. */
  public static final int MAX_ANALYSIS_SIGNALS = 20;

  /** The placeholders a metric query may use, filled in per version when the metrics are read. */
  public static final List<String> METRIC_PLACEHOLDERS = List.of("version", "function", "alias", "region");

  private SpecValidator() {}

  /** Every problem with the spec; empty when it is good to run. */
  public static List<SpecProblem> validate(ReleaseSpec spec) {
    return validate(spec, true);
  }

  /**
   * Every problem with the spec, with or without the rules that refuse what a rollback could not undo safely
   * (a function name or ARN Lambda would not take as this function in every region, an AppConfig value
   * that is not a boolean). Releases started before those rules are judged without them.
   */
  public static List<SpecProblem> validate(ReleaseSpec spec, boolean rollbackSafetyRules) {
    List<SpecProblem> out = new ArrayList<>();
    if (spec == null) {
      out.add(new SpecProblem("(document)", "is required"));
      return out;
    }
    if (spec.application() == null || spec.application().isBlank()) {
      out.add(new SpecProblem("application", "is required"));
    } else if (!NAME.matcher(spec.application()).matches()) {
      out.add(new SpecProblem("application", "\"" + spec.application()
          + "\" must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"));
    }
    buildStep(out, "build", spec.build(), true);
    buildStep(out, "test", spec.test(), false);
    deploy(out, spec.deploy(), rollbackSafetyRules ? spec.allRegions() : null);
    for (int i = 0; i < spec.alarms().size(); i++) {
      if (spec.alarms().get(i) == null || spec.alarms().get(i).isBlank()) {
        out.add(new SpecProblem("alarms[" + i + "]", "must not be empty"));
      }
    }
    waves(out, spec.waves());
    flag(out, spec.flag(), rollbackSafetyRules);
    approvers(out, spec);
    policy(out, spec.policy());
    analysis(out, "analysis", spec.analysis(), spec.deploy());
    if (spec.analysis() != null) {
      List<Duration> bakes = spec.waves().stream().filter(w -> w != null && w.analysis() == null)
          .map(WaveSpec::bake).toList();
      intervalsPerWindow(out, "analysis", spec.analysis(), spec.deploy(), bakes);
    }
    hooks(out, spec.hooks());
    notifications(out, spec.notifications());
    for (int i = 0; i < spec.waves().size(); i++) {
      WaveSpec wave = spec.waves().get(i);
      if (wave != null) {
        analysis(out, "waves[" + i + "].analysis", wave.analysis(), spec.deploy());
        if (wave.analysis() != null) {
          intervalsPerWindow(out, "waves[" + i + "].analysis", wave.analysis(), spec.deploy(),
              wave.bake() == null ? List.of() : List.of(wave.bake()));
        }
      }
    }
    return out;
  }

  /** The message for a duration longer than its field allows; the reader says the same of absurd text. */
  public static String tooLong(String written, Duration max) {
    return written + " is longer than the maximum of " + bound(max);
  }

  /** A bound as people say it: {@code 30d}, but {@code 24h} and {@code 36h} rather than {@code 1d12h}. */
  private static String bound(Duration d) {
    if (d.toDays() < 2 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0 && d.toMillisPart() == 0) {
      return d.toHours() + "h";
    }
    return Durations.format(d);
  }
}
