package dev.gatehouse.policy;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A stored policy made ready to evaluate: its validated specification with rules in {@code rule_id}
 * order, and what it applies to. Immutable; built once per write (and at start).
 *
 * <p>A stored policy that can no longer be compiled (a row edited by hand, a Gatehouse version with
 * other functions) is kept as a <em>broken</em> entry: no specification, the reason in {@code
 * problem}, still covering its stored resources and actions. The engine denies every check it
 * covers ({@code policy_unavailable}) instead of deciding as if it were absent (docs/security.md,
 * "Readiness and failing closed").
 *
 * @param id the policy's id
 * @param name its name (what decisions report)
 * @param resources the resources it applies to ({@code "*"}: all)
 * @param actions the actions it applies to ({@code "*"}: all)
 * @param specification rules and default effect; null for a broken entry
 * @param version the stored version it was compiled from
 * @param problem why the stored policy cannot be compiled (for admins), or null when it compiled
 */
public record CompiledPolicy(
    String id,
    String name,
    Set<String> resources,
    Set<String> actions,
    PolicySpecification specification,
    long version,
    String problem) {

  /** The order every list of policies is kept in, so that no result depends on write order. */
  public static final Comparator<CompiledPolicy> ORDER =
      Comparator.comparing(CompiledPolicy::name).thenComparing(CompiledPolicy::id);

  public CompiledPolicy {
    resources = Set.copyOf(resources);
    actions = Set.copyOf(actions);
    if (problem == null) {
      List<Rule> sorted =
          specification.rules().stream().sorted(Comparator.comparing(Rule::ruleId)).toList();
      specification = new PolicySpecification(sorted, specification.defaultEffect());
    } else {
      specification = null;
    }
  }

  /** A policy that compiled. */
  public CompiledPolicy(
      String id,
      String name,
      Set<String> resources,
      Set<String> actions,
      PolicySpecification specification,
      long version) {
    this(id, name, resources, actions, specification, version, null);
  }

  /**
   * A stored policy that cannot be compiled: it covers {@code resources} and {@code actions} (use
   * {@code "*"} for both when even those cannot be read) and denies what it covers.
   */
  public static CompiledPolicy broken(
      String id,
      String name,
      Set<String> resources,
      Set<String> actions,
      long version,
      String problem) {
    return new CompiledPolicy(
        id, name, resources, actions, null, version, problem == null ? "unknown" : problem);
  }

  /** Whether this is a stored policy that could not be compiled. */
  public boolean broken() {
    return problem != null;
  }
}
