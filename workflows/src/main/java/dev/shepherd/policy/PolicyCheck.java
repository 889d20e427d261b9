package dev.shepherd.policy;

import dev.shepherd.spec.ReleaseSpec;
import java.util.List;

/**
 * Judges a spec by its application's policy: every resource it names must be allowed, and it may not ask
 * for less than the policy requires. Pure, so both providers' pre-flight (and a test) can run it.
 */
public final class PolicyCheck {

  private PolicyCheck() {}

  /**
   * Every violation at once, each naming the spec field and the policy rule, e.g. {@code
   * deploy.function: arn:aws:lambda:eu-west-1:111122223333:function:billing-api is not among the functions
   * payments may touch (arn:aws:lambda:*:111122223333:function:payments-*)}; empty when there are none.
   *
   * @param account the AWS account the worker deploys to, for function ARNs (any account matches when null)
   */
  public static List<String> violations(ReleaseSpec spec, ApplicationPolicy policy, String account) {
    throw new UnsupportedOperationException("to be written");
  }
}
