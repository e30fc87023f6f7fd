package dev.gatehouse.policy;

import java.util.List;

/** Why the engine decided as it did: every policy, rule and condition with what it saw. */
public final class Trace {
  private Trace() {}

  /**
   * One applicable policy: its effect for this check and every rule.
   *
   * @param problem why the stored policy cannot be compiled (then its reason is {@code
   *     policy_unavailable} and it has no rules), else null
   */
  public record PolicyTrace(
      String id,
      String name,
      Effect effect,
      String reason,
      String ruleId,
      List<RuleTrace> rules,
      String problem) {

    /** A policy that compiled. */
    public PolicyTrace(
        String id,
        String name,
        Effect effect,
        String reason,
        String ruleId,
        List<RuleTrace> rules) {
      this(id, name, effect, reason, ruleId, rules, null);
    }
  }

  /** One rule: whether all its conditions held. */
  public record RuleTrace(
      String ruleId, Effect effect, boolean matched, List<ConditionTrace> conditions) {}

  /**
   * One condition.
   *
   * @param expected the literal (or the other attribute's value) compared with
   * @param actual the attribute's value as the engine saw it (null when absent)
   * @param note why it was false when that is not obvious (absent, wrong type), else null
   */
  public record ConditionTrace(
      String function,
      String attribute,
      String metadataKey,
      Object expected,
      Object actual,
      boolean result,
      String note) {}
}
