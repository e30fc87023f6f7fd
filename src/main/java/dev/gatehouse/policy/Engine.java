package dev.gatehouse.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides one check from the applicable policies (docs/api.md, "Semantics"). Within a policy a
 * matching Deny rule wins, else a matching Allow rule allows, else the policy's default effect.
 * Across policies any Deny denies; Allow needs at least one applicable policy and no Deny; none
 * applicable is a Deny ({@code no_applicable_policy}); an applicable stored policy that cannot be
 * compiled denies ({@code policy_unavailable}, docs/security.md). Which policy and rule are
 * reported is fixed by name and {@code rule_id} order, so nothing depends on the order policies or
 * rules were written in.
 */
public final class Engine {
  private Engine() {}

  /**
   * Decides.
   *
   * @param policies the applicable policies, in {@link CompiledPolicy#ORDER}
   * @param attributes what the check knows (JSON-as-Java values)
   * @param context the check's {@code context} (read by {@code request_metadata}), may be null
   * @param trace whether to record every policy, rule and condition
   */
  public static Decision decide(
      List<CompiledPolicy> policies,
      Map<String, Object> attributes,
      Map<String, Object> context,
      boolean trace) {
    if (policies.isEmpty()) {
      return new Decision(Effect.DENY, Decision.NO_APPLICABLE_POLICY, null, null, null, List.of());
    }
    // Fail closed (docs/security.md, "Readiness and failing closed"): a stored policy that cannot
    // be compiled might have denied this check, so the check is denied, whatever the others say.
    CompiledPolicy unavailable = null;
    for (CompiledPolicy p : policies) {
      if (p.broken()) {
        unavailable = p;
        break; // the first by name, as the list is in ORDER
      }
    }
    if (unavailable != null && !trace) {
      return unavailable(unavailable, List.of());
    }
    List<Trace.PolicyTrace> traces = trace ? new ArrayList<>() : List.of();
    Trace.PolicyTrace denyByRule = null;
    Trace.PolicyTrace denyByDefault = null;
    Trace.PolicyTrace allowByRule = null;
    Trace.PolicyTrace allowByDefault = null;
    for (CompiledPolicy p : policies) {
      Trace.PolicyTrace t = evaluate(p, attributes, context, trace);
      if (trace) {
        traces.add(t);
      }
      boolean byRule = Decision.RULE_MATCHED.equals(t.reason());
      if (t.effect() == Effect.DENY) {
        if (byRule && denyByRule == null) {
          denyByRule = t;
          if (!trace) {
            break; // nothing can change a Deny by rule, and it is the first by name
          }
        } else if (!byRule && denyByDefault == null) {
          denyByDefault = t;
        }
      } else if (byRule && allowByRule == null) {
        allowByRule = t;
      } else if (!byRule && allowByDefault == null) {
        allowByDefault = t;
      }
    }
    if (unavailable != null) {
      return unavailable(unavailable, traces);
    }
    Trace.PolicyTrace decisive =
        denyByRule != null
            ? denyByRule
            : denyByDefault != null
                ? denyByDefault
                : allowByRule != null ? allowByRule : allowByDefault;
    return new Decision(
        decisive.effect(),
        decisive.reason(),
        decisive.id(),
        decisive.name(),
        decisive.ruleId(),
        traces);
  }

  /** One policy's effect for this check (rules in {@code rule_id} order). */
  static Trace.PolicyTrace evaluate(
      CompiledPolicy p,
      Map<String, Object> attributes,
      Map<String, Object> context,
      boolean trace) {
    if (p.broken()) {
      return new Trace.PolicyTrace(
          p.id(), p.name(), Effect.DENY, Decision.POLICY_UNAVAILABLE, null, List.of(), p.problem());
    }
    List<Trace.RuleTrace> rules = trace ? new ArrayList<>() : List.of();
    String firstDeny = null;
    String firstAllow = null;
    for (Rule r : p.specification().rules()) {
      if (!trace && firstDeny != null) {
        break;
      }
      if (!trace && r.effect() == Effect.ALLOW && firstAllow != null) {
        continue;
      }
      List<Trace.ConditionTrace> conditions = trace ? new ArrayList<>() : List.of();
      boolean matched = true;
      for (Condition c : r.conditions()) {
        Conditions.Outcome o = Conditions.evaluate(c, attributes, context);
        if (trace) {
          conditions.add(
              new Trace.ConditionTrace(
                  c.function().jsonName(),
                  c.attribute(),
                  c.metadataKey(),
                  o.expected(),
                  o.actual(),
                  o.result(),
                  o.note()));
        }
        if (!o.result()) {
          matched = false;
          if (!trace) {
            break;
          }
        }
      }
      if (trace) {
        rules.add(new Trace.RuleTrace(r.ruleId(), r.effect(), matched, conditions));
      }
      if (matched) {
        if (r.effect() == Effect.DENY && firstDeny == null) {
          firstDeny = r.ruleId();
        } else if (r.effect() == Effect.ALLOW && firstAllow == null) {
          firstAllow = r.ruleId();
        }
      }
    }
    if (firstDeny != null) {
      return new Trace.PolicyTrace(
          p.id(), p.name(), Effect.DENY, Decision.RULE_MATCHED, firstDeny, rules);
    }
    if (firstAllow != null) {
      return new Trace.PolicyTrace(
          p.id(), p.name(), Effect.ALLOW, Decision.RULE_MATCHED, firstAllow, rules);
    }
    return new Trace.PolicyTrace(
        p.id(), p.name(), p.specification().defaultEffect(), Decision.DEFAULT_EFFECT, null, rules);
  }

  /** A Deny because {@code broken}, a stored policy that cannot be compiled, covers the check. */
  private static Decision unavailable(CompiledPolicy broken, List<Trace.PolicyTrace> traces) {
    return new Decision(
        Effect.DENY, Decision.POLICY_UNAVAILABLE, broken.id(), broken.name(), null, traces);
  }
}
