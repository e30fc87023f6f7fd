package dev.gatehouse.policy;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The validated body of a policy: its rules and the effect when none of them matches.
 *
 * @param rules at least one rule, with unique rule ids
 * @param defaultEffect the policy's effect when no rule matches
 */
public record PolicySpecification(List<Rule> rules, Effect defaultEffect) {

  public PolicySpecification {
    rules = List.copyOf(rules);
    Objects.requireNonNull(defaultEffect, "defaultEffect");
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("a policy needs at least one rule");
    }
    Set<String> ids = new HashSet<>();
    for (Rule rule : rules) {
      if (!ids.add(rule.ruleId())) {
        throw new IllegalArgumentException("duplicate rule_id '" + rule.ruleId() + "'");
      }
    }
  }

  /** This specification as policy JSON (JSON-as-Java); parsing it gives back an equal value. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("rules", rules.stream().map(Rule::toJson).toList());
    json.put("default", Map.of("effect", defaultEffect.jsonName()));
    return Collections.unmodifiableMap(json);
  }
}
