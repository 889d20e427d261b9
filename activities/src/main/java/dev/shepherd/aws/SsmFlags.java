package dev.shepherd.aws;

import dev.shepherd.cloud.FlagLocation;
import dev.shepherd.cloud.FlagValue;
import dev.shepherd.release.FailureType;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * A flag kept as an SSM Parameter Store String parameter. A SecureString is refused before its value is
 * used: a flag is not a secret, and whatever a flag activity returns is kept in the release's workflow
 * history, readable by everyone who can read the release. Pre-flight refuses it too; the check here is for
 * a parameter whose type changed after pre-flight.
 */
final class SsmFlags {

  private final AwsClients aws;

  SsmFlags(AwsClients aws) {
    this.aws = aws;
  }

  FlagValue read(FlagLocation t) {
    Parameter p = stored(t);
    return p == null ? FlagValue.absent() : FlagValue.of(p.value());
  }

  FlagValue write(FlagLocation t, FlagValue value) {
    String name = t.ssm().parameter();
    // Overwriting or deleting a SecureString would destroy a secret; this costs one read per write.
    stored(t);
    try {
      if (value.exists()) {
        aws.ssm(t.region()).putParameter(r -> r.name(name).value(value.value()).type(ParameterType.STRING).overwrite(true));
      } else {
        aws.ssm(t.region()).deleteParameter(r -> r.name(name));
      }
    } catch (ParameterNotFoundException alreadyGone) {
      // Deleting what is not there is done.
    } catch (SdkException e) {
      throw AwsFailures.translate(e, (value.exists() ? "set" : "delete") + " SSM parameter " + name, t.region());
    }
    return value;
  }

  /** Whether the flag's parameter exists and is a SecureString; its value is neither decrypted nor kept. */
  boolean isSecureString(FlagLocation t) {
    Parameter p = fetch(t);
    return p != null && p.type() == ParameterType.SECURE_STRING;
  }

  /** Why a SecureString flag is refused, naming the parameter and its region but never its value. */
  static String secureString(FlagLocation t) {
    return "SSM parameter " + t.ssm().parameter() + " in " + t.region() + " is a SecureString: a flag is not a"
        + " secret, and Shepherd keeps flag values in the release's history. Make the flag a String parameter"
        + " (or name another parameter in flag.ssm.parameter)";
  }

  /**
   * The parameter, or null when there is none.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable {@code INVALID_REQUEST} for a SecureString
   */
  private Parameter stored(FlagLocation t) {
    Parameter p = fetch(t);
    if (p != null && p.type() == ParameterType.SECURE_STRING) {
      throw FailureType.INVALID_REQUEST.failure(secureString(t));
    }
    return p;
  }

  /** The parameter as stored, read without decryption (a SecureString's value stays encrypted), or null. */
  private Parameter fetch(FlagLocation t) {
    String name = t.ssm().parameter();
    try {
      return aws.ssm(t.region()).getParameter(r -> r.name(name).withDecryption(false)).parameter();
    } catch (ParameterNotFoundException e) {
      return null;
    } catch (SdkException e) {
      throw AwsFailures.translate(e, "read SSM parameter " + name, t.region());
    }
  }
}
