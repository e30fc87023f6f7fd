package dev.gatehouse.catalog;

import dev.gatehouse.store.Transactions;
import dev.gatehouse.store.WorkspaceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Workspace name → id for the check path: read from the database once per name and remembered until
 * a rename or delete commits. Unknown names are not remembered (no unbounded growth).
 */
@ApplicationScoped
public class WorkspaceDirectory {
  private static final int MAX_ENTRIES = 100_000;

  @Inject WorkspaceStore store;
  @Inject Transactions tx;

  private final Map<String, String> idByName = new ConcurrentHashMap<>();

  /** The id of the workspace named {@code name}, if it exists. */
  public Optional<String> idOf(String name) {
    if (!WorkspaceNames.isPossibleName(name)) {
      return Optional.empty(); // cannot exist: no database lookup (docs/security.md)
    }
    String id = idByName.get(name);
    if (id != null) {
      return Optional.of(id);
    }
    Optional<String> found = tx.run(() -> store.idOf(name));
    found.ifPresent(
        i -> {
          if (idByName.size() < MAX_ENTRIES) {
            idByName.put(name, i);
          }
        });
    return found;
  }

  void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) WorkspaceRenamed e) {
    forget(e.workspaceId());
  }

  void removed(@Observes(during = TransactionPhase.AFTER_SUCCESS) WorkspaceRemoved e) {
    forget(e.workspaceId());
  }

  /** Forgets the names of a workspace that was renamed or deleted (here or on another node). */
  public void forget(String workspaceId) {
    idByName.values().removeIf(id -> id.equals(workspaceId));
  }

  /** Forgets every name (after the change log could not be read for long). */
  public void forgetAll() {
    idByName.clear();
  }
}
