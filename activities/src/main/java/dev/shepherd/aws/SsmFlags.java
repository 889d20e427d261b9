package dev.shepherd.aws;

import dev.shepherd.cloud.FlagTarget;
import dev.shepherd.cloud.FlagValue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** A flag kept as an SSM Parameter Store String parameter. */
final class SsmFlags {

  private final AwsClients aws;

  SsmFlags(AwsClients aws) {
    this.aws = aws;
  }

  FlagValue read(FlagTarget t) {
    String name = t.ssm().parameter();
    try {
      return FlagValue.of(aws.ssm(t.region()).getParameter(r -> r.name(name)).parameter().value());
    } catch (ParameterNotFoundException e) {
      return FlagValue.absent();
    } catch (SdkException e) {
      throw AwsFailures.translate(e, "read SSM parameter " + name, t.region());
    }
  }

  FlagValue write(FlagTarget t, FlagValue value) {
    String name = t.ssm().parameter();
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
}
