package dev.shepherd.aws;

import java.util.HashSet;
import java.util.Set;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Loses the answer to an AWS call after the service has acted on it, as a dropped connection or a worker
 * killed at that moment would: the call fails in the client although its change was made. Registered as a
 * global SDK interceptor (software/amazon/awssdk/global/handlers/execution.interceptors), like
 * {@link AwsCalls}, so the production clients need no hook.
 */
public final class LostResponses implements ExecutionInterceptor {

  private static final Set<String> ARMED = new HashSet<>();

  /** Loses the answer to the next call of this operation (e.g. {@code StartBuild}) in this JVM. */
  public static synchronized void loseNext(String operation) {
    ARMED.add(operation);
  }

  /** Loses nothing more. */
  public static synchronized void reset() {
    ARMED.clear();
  }

  @Override
  public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    synchronized (LostResponses.class) {
      if (ARMED.remove(operation)) {
        throw SdkClientException.create("the answer to " + operation + " was lost on its way back (test fault)");
      }
    }
    return context.response();
  }
}
