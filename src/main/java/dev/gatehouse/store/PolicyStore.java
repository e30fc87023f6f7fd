package dev.gatehouse.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Policies in the database (JPA). Callers own the transaction. */
@ApplicationScoped
public class PolicyStore extends WorkspaceItemStore<PolicyEntity> {
  public PolicyStore() {
    super(PolicyEntity.class);
  }

  /** The policy with this id as stored, when it belongs to this workspace. */
  public Optional<StoredPolicy> findStored(String workspaceId, String id) {
    return find(workspaceId, id).map(StoredPolicy::of);
  }

  /** Every policy of the workspace as stored now, in id order (inside the caller's transaction). */
  public List<StoredPolicy> storedIn(String workspaceId) {
    return em.createQuery(
            "SELECT p FROM PolicyEntity p WHERE p.workspaceId = :ws ORDER BY p.id",
            PolicyEntity.class)
        .setParameter("ws", workspaceId)
        .getResultStream()
        .map(StoredPolicy::of)
        .toList();
  }

  /** One stored row converted, or why it could not be. */
  public record Stored<T>(String id, String workspaceId, T value, RuntimeException failure) {}

  /**
   * Every stored policy, read in one transaction and converted (a row that cannot be read or
   * converted is kept with its failure, not thrown: docs/security.md, "Readiness and failing
   * closed").
   */
  public <T> List<Stored<T>> allCompiled(Function<StoredPolicy, T> convert) {
    return tx.run(
        () ->
            all().stream()
                .map(
                    p -> {
                      try {
                        return new Stored<>(
                            p.getId(), p.getWorkspaceId(), convert.apply(StoredPolicy.of(p)), null);
                      } catch (RuntimeException e) {
                        return new Stored<T>(p.getId(), p.getWorkspaceId(), null, e);
                      }
                    })
                .toList());
  }
}
