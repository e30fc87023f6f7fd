package dev.gatehouse.policy;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A stored policy made ready to evaluate: its validated specification with rules in {@code rule_id}
 * order, and what it applies to. Immutable; built once per write (and at start).
 *
 * @param id the policy's id
 * @param name its name (what decisions report)
 * @param resources the resources it applies to ({@code "*"}: all)
 * @param actions the actions it applies to ({@code "*"}: all)
 * @param specification rules and default effect
 * @param version the stored version it was compiled from
 */
public record CompiledPolicy(
    String id,
    String name,
    Set<String> resources,
    Set<String> actions,
    PolicySpecification specification,
    long version) {

  /** The order every list of policies is kept in, so that no result depends on write order. */
  public static final Comparator<CompiledPolicy> ORDER =
      Comparator.comparing(CompiledPolicy::name).thenComparing(CompiledPolicy::id);

  public CompiledPolicy {
    resources = Set.copyOf(resources);
    actions = Set.copyOf(actions);
    List<Rule> sorted =
        specification.rules().stream().sorted(Comparator.comparing(Rule::ruleId)).toList();
    specification = new PolicySpecification(sorted, specification.defaultEffect());
  }
}
