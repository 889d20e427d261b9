package dev.shepherd.spec;

import java.time.Duration;

/**
 * The feature flag that releases the deployed code to users. Exactly one provider is set.
 *
 * @param ssm an SSM Parameter Store parameter
 * @param appconfig an AppConfig feature flag
 * @param region where the flag lives; the first wave's first region when absent
 * @param value the value that turns the feature on; {@code "true"} when absent
 * @param approval whether an approver must approve before the flag is turned on
 * @param bake how long all regions are watched after the flag is on
 */
public record FlagSpec(
    SsmFlagLocation ssm,
    AppConfigFlagLocation appconfig,
    Region region,
    String value,
    Approval approval,
    Duration bake) {

  /** The name of the flag's approval gate. */
  public static final String GATE_NAME = "flag";

  public FlagSpec {
    value = value == null ? "true" : value;
    approval = approval == null ? Approval.NONE : approval;
    bake = bake == null ? Duration.ZERO : bake;
  }

  public boolean approvalRequired() {
    return approval == Approval.REQUIRED;
  }

  /** A short human description of the flag target, for summaries. */
  public String describe() {
    if (ssm != null) {
      return "SSM " + ssm.parameter();
    }
    if (appconfig != null) {
      return "AppConfig " + appconfig.application() + "/" + appconfig.environment() + "/"
          + appconfig.profile() + "#" + appconfig.flag();
    }
    return "no provider";
  }
}
