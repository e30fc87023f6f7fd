package dev.gatehouse.admin;

import dev.gatehouse.policy.CompiledPolicy;
import dev.gatehouse.policy.PolicyIndex;
import dev.gatehouse.store.DatabaseState;
import dev.gatehouse.store.PolicyStore;
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

  private final Map<String, PolicyIndex> byWorkspace = new ConcurrentHashMap<>();

  void load(@Observes @Priority(30) Startup startup) {
    if (!database.isMigrated()) {
      return;
    }
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
    byWorkspace.compute(
        e.workspaceId(),
        (ws, old) -> {
          List<CompiledPolicy> list = new ArrayList<>(old == null ? List.of() : old.all());
          for (CompiledPolicy p : list) {
            if (p.id().equals(e.policyId())
                && e.policy() != null
                && p.version() > e.policy().version()) {
              return old; // a later write already landed
            }
          }
          list.removeIf(p -> p.id().equals(e.policyId()));
          if (e.policy() != null) {
            list.add(e.policy());
          }
          return new PolicyIndex(list);
        });
  }

  void removed(@Observes(during = TransactionPhase.AFTER_SUCCESS) WorkspaceRemoved e) {
    byWorkspace.remove(e.workspaceId());
  }
}
