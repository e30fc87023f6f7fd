package dev.gatehouse.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One workspace's policies by (resource, action), {@code "*"} included, broken entries (stored
 * policies that could not be compiled) among them. Immutable: a change builds a new index. Finding
 * the applicable policies costs four hash lookups, whatever the number of unrelated policies.
 */
public final class PolicyIndex {
  /** The wildcard of {@code resources} and {@code actions}. */
  public static final String ANY = "*";

  public static final PolicyIndex EMPTY = new PolicyIndex(List.of());

  private final Map<String, Map<String, List<CompiledPolicy>>> byResource;
  private final List<CompiledPolicy> all;
  private final List<CompiledPolicy> broken;

  public PolicyIndex(Collection<CompiledPolicy> policies) {
    this.all = policies.stream().sorted(CompiledPolicy.ORDER).toList();
    this.broken = all.stream().filter(CompiledPolicy::broken).toList();
    Map<String, Map<String, List<CompiledPolicy>>> m = new HashMap<>();
    for (CompiledPolicy p : all) {
      for (String r : p.resources()) {
        for (String a : p.actions()) {
          m.computeIfAbsent(r, k -> new HashMap<>())
              .computeIfAbsent(a, k -> new ArrayList<>())
              .add(p);
        }
      }
    }
    Map<String, Map<String, List<CompiledPolicy>>> frozen = new HashMap<>();
    m.forEach(
        (r, byAction) -> {
          Map<String, List<CompiledPolicy>> f = new HashMap<>();
          byAction.forEach((a, list) -> f.put(a, List.copyOf(list)));
          frozen.put(r, Map.copyOf(f));
        });
    this.byResource = Map.copyOf(frozen);
  }

  /** Every policy, in {@link CompiledPolicy#ORDER}. */
  public List<CompiledPolicy> all() {
    return all;
  }

  /**
   * This index with one policy put in, replaced or (when {@code policy} is null: deleted) taken
   * out: what reloading one policy does. A broken entry replaces a good one and the reverse; an
   * older version than the one in the index is ignored (a later write already landed).
   *
   * @param old the index before, may be null (none)
   * @return the new index, or null when it holds no policy
   */
  public static PolicyIndex with(PolicyIndex old, String policyId, CompiledPolicy policy) {
    List<CompiledPolicy> list = new ArrayList<>(old == null ? List.of() : old.all());
    for (CompiledPolicy p : list) {
      if (p.id().equals(policyId) && policy != null && p.version() > policy.version()) {
        return old;
      }
    }
    list.removeIf(p -> p.id().equals(policyId));
    if (policy != null) {
      list.add(policy);
    }
    return list.isEmpty() ? null : new PolicyIndex(list);
  }

  /** The stored policies that could not be compiled (they deny what they cover), in ORDER. */
  public List<CompiledPolicy> broken() {
    return broken; // kept, as readiness asks for it on every probe
  }

  /**
   * The policies that apply to {@code resource} and {@code action}, in {@link
   * CompiledPolicy#ORDER}.
   */
  public List<CompiledPolicy> applicable(String resource, String action) {
    List<CompiledPolicy> a = find(resource, action);
    List<CompiledPolicy> b = resource.equals(ANY) ? List.of() : find(ANY, action);
    List<CompiledPolicy> c = action.equals(ANY) ? List.of() : find(resource, ANY);
    List<CompiledPolicy> d =
        resource.equals(ANY) || action.equals(ANY) ? List.of() : find(ANY, ANY);
    if (b.isEmpty() && c.isEmpty() && d.isEmpty()) {
      return a;
    }
    List<CompiledPolicy> out = new ArrayList<>(a.size() + b.size() + c.size() + d.size());
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (List<CompiledPolicy> l : List.of(a, b, c, d)) {
      for (CompiledPolicy p : l) {
        if (seen.add(p.id())) {
          out.add(p);
        }
      }
    }
    out.sort(CompiledPolicy.ORDER);
    return out;
  }

  private List<CompiledPolicy> find(String resource, String action) {
    Map<String, List<CompiledPolicy>> byAction = byResource.get(resource);
    if (byAction == null) {
      return List.of();
    }
    List<CompiledPolicy> l = byAction.get(action);
    return l == null ? List.of() : l;
  }
}
