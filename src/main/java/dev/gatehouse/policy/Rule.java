package dev.gatehouse.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A rule of a policy: when all its conditions hold (always, if it has none), it yields its effect.
 *
 * @param ruleId the rule's name, unique within its policy
 * @param effect what the rule decides when it matches
 * @param conditions tests that must all hold (AND)
 */
public record Rule(String ruleId, Effect effect, List<Condition> conditions) {

  public Rule {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(effect, "effect");
    if (ruleId.isEmpty()) {
      throw new IllegalArgumentException("ruleId cannot be empty");
    }
    conditions = List.copyOf(conditions);
  }

  /** This rule as policy JSON (JSON-as-Java). */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("rule_id", ruleId);
    json.put("effect", effect.jsonName());
    json.put("conditions", conditions.stream().map(Condition::toJson).toList());
    return Collections.unmodifiableMap(json);
  }
}
