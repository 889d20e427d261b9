package dev.shepherd.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Every AWS call the SDK makes in this JVM while recording, as "Operation region" (e.g. {@code
 * UpdateAlias us-east-1}): how a test sees that something was not written. Registered as a global SDK
 * interceptor (software/amazon/awssdk/global/handlers/execution.interceptors), so it needs no hook in
 * the production clients.
 */
public final class AwsCalls implements ExecutionInterceptor {

  private static final List<String> CALLS = new ArrayList<>();
  private static boolean recording;

  /** Starts recording, forgetting earlier calls. */
  public static synchronized void record() {
    CALLS.clear();
    recording = true;
  }

  /** The calls since {@link #record()}. */
  public static synchronized List<String> calls() {
    return List.copyOf(CALLS);
  }

  /** Stops recording. */
  public static synchronized void stop() {
    recording = false;
    CALLS.clear();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    synchronized (AwsCalls.class) {
      if (recording) {
        CALLS.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + " "
            + attributes.getAttribute(AwsExecutionAttribute.AWS_REGION));
      }
    }
  }
}
