/**
 * What operators send a release, by Update or by Signal: the messages ({@link
 * dev.shepherd.release.operator.GateDecision}, {@link dev.shepherd.release.operator.OperatorAction}), the one
 * path every message takes ({@link dev.shepherd.release.operator.OperatorMessages}), the rules that judge it
 * ({@link dev.shepherd.release.operator.OperatorRules}) and who sent it ({@link
 * dev.shepherd.release.operator.Identity}).
 */
package dev.shepherd.release.operator;
