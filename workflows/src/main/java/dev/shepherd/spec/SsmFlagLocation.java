package dev.shepherd.spec;

/**
 * A flag kept as an SSM Parameter Store parameter.
 *
 * @param parameter the parameter's name, e.g. {@code /payments/flags/new-checkout}
 */
public record SsmFlagLocation(String parameter) {}
