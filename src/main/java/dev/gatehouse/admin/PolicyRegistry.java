package dev.gatehouse.admin;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every workspace's compiled policies, indexed by (resource, action): loaded at start and rebuilt
 * for a workspace after each committed policy change, so that a check never reads policies from the
 * database.
 */
@ApplicationScoped
public class PolicyRegistry {
  private static final Logger LOG = Logger.getLogger(PolicyRegistry.class.getName());

  @Inject PolicyStore store;
  @Inject DatabaseState database;
  @Inject Transactions tx;

  private final Map<String, PolicyIndex> byWorkspace = new ConcurrentHashMap<>();

  void load(@Observes @Priority(30) Startup startup) {
    if (!database.isMigrated()) {
      return;
    }
    reloadAll();
  }

  /**
   * Recompiles every workspace's policies from the database (at start, and after a long outage).
   */
  public void reloadAll() {
    Map<String, List<CompiledPolicy>> all = new HashMap<>();
    for (PolicyStore.Stored<CompiledPolicy> s : store.allCompiled(PolicyCompiler::compile)) {
      if (s.value() != null) {
        all.computeIfAbsent(s.workspaceId(), k -> new ArrayList<>()).add(s.value());
      } else {
        LOG.log(Level.SEVERE, "Policy " + s.id() + " is not loaded", s.failure());
      }
    }
    byWorkspace.clear();
    all.forEach((ws, list) -> byWorkspace.put(ws, new PolicyIndex(list)));
    LOG.info(
        "Gatehouse loaded "
            + all.values().stream().mapToInt(List::size).sum()
            + " policies in "
            + all.size()
            + " workspace(s)");
  }

  /** The workspace's index (empty when it has no policies). */
  public PolicyIndex index(String workspaceId) {
    return byWorkspace.getOrDefault(workspaceId, PolicyIndex.EMPTY);
  }

  void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) PoliciesChanged e) {
    apply(e.workspaceId(), e.policyId(), e.policy());
  }

  /**
   * Reads one policy from the database again and puts it in (or takes it out of) its workspace's
   * index: what another node's change to it asks of this one. Idempotent.
   */
  public void reload(String workspaceId, String policyId) {
    CompiledPolicy policy =
        tx.run(
            () ->
                store
                    .find(workspaceId, policyId)
                    .map(
                        p -> {
                          try {
                            return PolicyCompiler.compile(p);
                          } catch (IllegalStateException e) {
                            // As at start: a stored policy that no longer compiles decides nothing.
                            LOG.log(Level.SEVERE, "Policy " + policyId + " is not loaded", e);
                            return null;
                          }
                        })
                    .orElse(null));
    apply(workspaceId, policyId, policy);
  }

  private void apply(String workspaceId, String policyId, CompiledPolicy policy) {
    byWorkspace.compute(
        workspaceId,
        (ws, old) -> {
          List<CompiledPolicy> list = new ArrayList<>(old == null ? List.of() : old.all());
          for (CompiledPolicy p : list) {
            if (p.id().equals(policyId) && policy != null && p.version() > policy.version()) {
              return old; // a later write already landed
            }
          }
          list.removeIf(p -> p.id().equals(policyId));
          if (policy != null) {
            list.add(policy);
          }
          return list.isEmpty() ? null : new PolicyIndex(list);
        });
  }

  void removed(@Observes(during = TransactionPhase.AFTER_SUCCESS) WorkspaceRemoved e) {
    forgetWorkspace(e.workspaceId());
  }

  /** Drops a deleted workspace's index. */
  public void forgetWorkspace(String workspaceId) {
    byWorkspace.remove(workspaceId);
  }
}
