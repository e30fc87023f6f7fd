package dev.gatehouse.policy;

import java.util.List;

/**
 * The engine's answer for one check.
 *
 * @param effect Allow or Deny
 * @param reason {@code rule_matched}, {@code default_effect}, {@code no_applicable_policy} or
 *     {@code policy_unavailable} (an applicable stored policy cannot be compiled: docs/api.md, "The
 *     decision")
 * @param policyId the deciding policy's id, or null when none applied
 * @param policyName the deciding policy's name, or null
 * @param ruleId the deciding rule, or null when a default effect decided
 * @param trace every applicable policy's evaluation, when a trace was asked for; else empty
 */
public record Decision(
    Effect effect,
    String reason,
    String policyId,
    String policyName,
    String ruleId,
    List<Trace.PolicyTrace> trace) {

  public static final String RULE_MATCHED = "rule_matched";
  public static final String DEFAULT_EFFECT = "default_effect";
  public static final String NO_APPLICABLE_POLICY = "no_applicable_policy";

  /** An applicable stored policy cannot be compiled: the check is denied until it is fixed. */
  public static final String POLICY_UNAVAILABLE = "policy_unavailable";

  public boolean allowed() {
    return effect == Effect.ALLOW;
  }
}
