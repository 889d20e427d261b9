package dev.shepherd.spec;

/**
 * A Lambda function and the alias its callers invoke.
 *
 * @param function the function name (the same in every region)
 * @param alias the alias whose routing Shepherd shifts
 */
public record LambdaTarget(String function, String alias) {}
