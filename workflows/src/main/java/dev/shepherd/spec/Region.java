package dev.shepherd.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Set;

/**
 * An AWS region code such as {@code eu-west-1}. Any text can be held so that a spec with a typo can be
 * read and reported; {@link #isKnown()} says whether it names a real region.
 *
 * @param code the region code
 */
public record Region(String code) {

  /** The commercial, GovCloud and China regions AWS lists as of late 2026. */
  private static final Set<String> KNOWN =
      Set.of(
          "us-east-1", "us-east-2", "us-west-1", "us-west-2",
          "af-south-1",
          "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
          "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
          "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
          "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
          "ca-central-1", "ca-west-1",
          "eu-central-1", "eu-central-2",
          "eu-west-1", "eu-west-2", "eu-west-3",
          "eu-north-1", "eu-south-1", "eu-south-2",
          "il-central-1", "me-south-1", "me-central-1",
          "mx-central-1", "sa-east-1",
          "us-gov-east-1", "us-gov-west-1",
          "cn-north-1", "cn-northwest-1");

  @JsonCreator
  public static Region of(String code) {
    return new Region(code);
  }

  @JsonValue
  public String code() {
    return code;
  }

  /** Whether the code names an AWS region. */
  public boolean isKnown() {
    return code != null && KNOWN.contains(code);
  }

  @Override
  public String toString() {
    return code;
  }
}
