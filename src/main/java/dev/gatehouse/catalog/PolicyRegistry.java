package dev.gatehouse.catalog;

import dev.gatehouse.json.JsonText;
import dev.gatehouse.policy.CompiledPolicy;
import dev.gatehouse.policy.PolicyIndex;
import dev.gatehouse.store.DatabaseState;
import dev.gatehouse.store.PolicyStore;
import dev.gatehouse.store.Transactions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Every workspace's compiled policies, indexed by (resource, action): loaded at start and rebuilt
 * for a workspace after each committed policy change, so that a check never reads policies from the
 * database. A stored policy that cannot be compiled is kept as a broken entry that denies the
 * checks it covers, is logged once and is counted by readiness (docs/security.md, "Readiness and
 * failing closed").
 */
@ApplicationScoped
public class PolicyRegistry {
  private static final Logger LOG = Logger.getLogger(PolicyRegistry.class.getName());

  @Inject PolicyStore store;
  @Inject DatabaseState database;
  @Inject Transactions tx;

  private final Map<String, PolicyIndex> byWorkspace = new ConcurrentHashMap<>();

  /** The broken policies already logged (id to stored version), so that each is said once. */
  private final Map<String, Long> reported = new ConcurrentHashMap<>();

  void load(@Observes @Priority(30) Startup startup) {
    if (!database.isMigrated()) {
      return;
    }
    reloadAll();
  }

  /**
   * Recompiles every workspace's policies from the database (at start, and after a long outage). A
   * stored policy that cannot be compiled becomes a broken entry that denies what it covers.
   */
  public void reloadAll() {
    Map<String, List<CompiledPolicy>> all = new HashMap<>();
    for (PolicyStore.Stored<CompiledPolicy> s :
        store.allCompiled(PolicyCompiler::compileOrBroken)) {
      CompiledPolicy p = s.value();
      if (p == null) {
        // Not even the row could be read: the whole workspace fails closed.
        p =
            CompiledPolicy.broken(
                s.id(),
                s.id(),
                Set.of(PolicyIndex.ANY),
                Set.of(PolicyIndex.ANY),
                -1,
                "the stored policy cannot be read ("
                    + s.failure().getClass().getSimpleName()
                    + ")");
      }
      all.computeIfAbsent(s.workspaceId(), k -> new ArrayList<>()).add(p);
    }
    byWorkspace.clear();
    all.forEach((ws, list) -> byWorkspace.put(ws, new PolicyIndex(list)));
    Set<String> brokenNow = new HashSet<>();
    all.forEach(
        (ws, list) ->
            list.forEach(
                p -> {
                  if (p.broken()) {
                    brokenNow.add(p.id());
                  }
                  report(ws, p.id(), p);
                }));
    for (String id : Set.copyOf(reported.keySet())) {
      if (!brokenNow.contains(id)) {
        report(null, id, null);
      }
    }
    LOG.info(
        "Gatehouse loaded "
            + all.values().stream().mapToInt(List::size).sum()
            + " policies in "
            + all.size()
            + " workspace(s)"
            + (brokenNow.isEmpty()
                ? ""
                : "; "
                    + brokenNow.size()
                    + " of them cannot be compiled and deny the checks they cover"));
  }

  /** The workspace's index (empty when it has no policies). */
  public PolicyIndex index(String workspaceId) {
    return byWorkspace.getOrDefault(workspaceId, PolicyIndex.EMPTY);
  }

  /** A stored policy this node could not compile, as readiness and the admin API report it. */
  public record BrokenPolicy(
      String workspaceId, String policyId, String name, long version, String problem) {}

  /** Every stored policy this node could not compile, by workspace id and policy order. */
  public List<BrokenPolicy> broken() {
    List<BrokenPolicy> out = new ArrayList<>();
    byWorkspace.forEach(
        (ws, index) -> {
          for (CompiledPolicy p : index.broken()) {
            out.add(new BrokenPolicy(ws, p.id(), p.name(), p.version(), p.problem()));
          }
        });
    out.sort(
        Comparator.comparing(BrokenPolicy::workspaceId)
            .thenComparing(BrokenPolicy::name)
            .thenComparing(BrokenPolicy::policyId));
    return out;
  }

  void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) PoliciesChanged e) {
    apply(e.workspaceId(), e.policyId(), e.policy());
  }

  /**
   * Reads one policy from the database again and puts it in (or takes it out of) its workspace's
   * index: what another node's change to it asks of this one. Idempotent. A stored policy that no
   * longer compiles goes in as a broken entry, as at start.
   */
  public void reload(String workspaceId, String policyId) {
    CompiledPolicy policy =
        tx.run(
            () ->
                store
                    .findStored(workspaceId, policyId)
                    .map(PolicyCompiler::compileOrBroken)
                    .orElse(null));
    apply(workspaceId, policyId, policy);
  }

  private void apply(String workspaceId, String policyId, CompiledPolicy policy) {
    PolicyIndex now =
        byWorkspace.compute(workspaceId, (ws, old) -> PolicyIndex.with(old, policyId, policy));
    CompiledPolicy kept =
        now == null
            ? null
            : now.all().stream().filter(p -> p.id().equals(policyId)).findFirst().orElse(null);
    report(workspaceId, policyId, kept);
  }

  /**
   * Logs a policy that cannot be compiled once per stored version, and once when it is fixed or
   * gone. What the row holds is escaped: it may have been edited by hand.
   */
  private void report(String workspaceId, String policyId, CompiledPolicy p) {
    if (p != null && p.broken()) {
      Long before = reported.put(policyId, p.version());
      if (before == null || before != p.version()) {
        LOG.severe(
            "Policy "
                + JsonText.of(policyId)
                + " (workspace "
                + JsonText.of(workspaceId)
                + ", version "
                + p.version()
                + ") cannot be compiled; the checks it covers are denied until it is fixed: "
                + JsonText.of(p.problem()));
      }
    } else if (reported.remove(policyId) != null) {
      LOG.info(
          "Policy "
              + JsonText.of(policyId)
              + (p == null ? " is gone" : " compiles again")
              + "; the checks it covered decide normally again");
    }
  }

  void removed(@Observes(during = TransactionPhase.AFTER_SUCCESS) WorkspaceRemoved e) {
    forgetWorkspace(e.workspaceId());
  }

  /** Drops a deleted workspace's index. */
  public void forgetWorkspace(String workspaceId) {
    PolicyIndex old = byWorkspace.remove(workspaceId);
    if (old != null) {
      old.broken().forEach(p -> report(workspaceId, p.id(), null));
    }
  }
}
